using System.Text.Json;
using Shop.Infra.Tests.Bicep;

namespace Shop.Infra.Tests;

/// <summary>
/// Every setting the app reads is deployed by the Bicep and listed in local.settings.sample.json. The list comes
/// from the app (see <see cref="AppSettingsFixture"/>), so these tests stay right as areas add settings.
/// </summary>
public sealed class AppSettingsTests(AppSettingsFixture app) : IClassFixture<AppSettingsFixture>
{
    /// <summary>
    /// App settings that only mean something on a developer machine, so Azure does not get them:
    /// Azurite is only started in Development against the emulator, and under the Functions host the app listens on
    /// the port the host gives it (FUNCTIONS_CUSTOMHANDLER_PORT), not Hosting__Port.
    /// </summary>
    private static readonly HashSet<string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hosting__StartAzurite",
        "Hosting__AzuriteLocation",
        "Hosting__Port",
        "Hosting__QueueProcessingLease", // the local triggers' lease; under the Functions host its queue trigger leases messages
    };

    /// <summary>Settings the Functions host or the ASP.NET Core runtime read, which no options class binds.</summary>
    private static readonly Dictionary<string, string> HostSettingsInAzure = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = "the Functions host and StorageClientFactory (identity-based in Azure)",
        ["ASPNETCORE_ENVIRONMENT"] = "the app's environment (Production in Azure)",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the Functions host's Application Insights logging",
    };

    private static readonly Dictionary<string, string> HostSettingsLocally = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = "the Functions host and StorageClientFactory (the emulator locally)",
        ["ASPNETCORE_ENVIRONMENT"] = "the app's environment (Development locally)",
        ["FUNCTIONS_WORKER_RUNTIME"] = "func start: the worker runtime, 'custom' for a custom handler",
    };

    /// <summary>
    /// Settings Flex Consumption refuses or ignores (https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations):
    /// the runtime is functionAppConfig.runtime, deployment is functionAppConfig.deployment.
    /// </summary>
    private static readonly string[] RefusedOnFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
        "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
        "WEBSITE_TIME_ZONE",
        "TZ",
    ];

    /// <summary>Name endings that mark a secret: such a setting must be a Key Vault reference, never a plain value.</summary>
    private static readonly string[] SecretEndings = ["SecretKey", "Secret", "ApiKey", "Password", "ConnectionString"];

    private readonly DeployedSettings _deployed = DeployedSettings.Load();

    [Fact]
    public void App_RegistersItsSettingsSections()
    {
        // Guards the derivation itself: the hosting layer's own sections must be found.
        Assert.Contains(app.Sections, s => s.Section == "Hosting");
        Assert.Contains(app.Sections, s => s.Section == "Admin");
        Assert.Contains("Admin__ApiKey", app.AppSettings.Keys);
    }

    [Fact]
    public void Bicep_DeploysEverySettingTheAppReads()
    {
        var deployed = _deployed.Names;
        var required = app.AppSettings
            .Where(s => !LocalOnly.Contains(s.Key) && !app.Collections.Contains(s.Key))
            .Concat(HostSettingsInAzure)
            .ToList();

        var missing = required
            .Where(s => !deployed.ContainsKey(s.Key) && !IsIdentityBasedConnection(s.Key, deployed) && !HasChildren(s.Key, deployed.Keys))
            .Select(s => $"'{s.Key}' (read by {s.Value}) is not deployed: add it to `var appSettings` in infra/main.bicep "
                + "— or, if it is a secret, to `var secretSettings` there with its secret in the keyVault module's secretValues "
                + "(or, if it only matters locally, to LocalOnly in this test with the reason)")
            .ToList();

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Bicep_StorageConnection_IsIdentityBasedWithTheUserAssignedIdentity()
    {
        var host = _deployed.HostSettings;

        Assert.Equal("managedidentity", (host.Get("AzureWebJobsStorage__credential") as StringExpr)?.Value);
        Assert.Equal("identity.properties.clientId", Text(host.Get("AzureWebJobsStorage__clientId")));
        Assert.Equal("storage.properties.primaryEndpoints.blob", Text(host.Get("AzureWebJobsStorage__blobServiceUri")));
        Assert.Equal("storage.properties.primaryEndpoints.queue", Text(host.Get("AzureWebJobsStorage__queueServiceUri")));
        Assert.Equal("storage.properties.primaryEndpoints.table", Text(host.Get("AzureWebJobsStorage__tableServiceUri")));
        Assert.DoesNotContain("AzureWebJobsStorage", _deployed.Names.Keys);
    }

    [Fact]
    public void Bicep_SetsNoSettingFlexConsumptionRefuses()
    {
        var refused = RefusedOnFlexConsumption.Where(_deployed.Names.ContainsKey).Select(n => $"{n} ({_deployed.Names[n]})").ToList();

        Assert.True(refused.Count == 0, "Flex Consumption refuses or ignores these app settings: " + string.Join(", ", refused));
    }

    [Fact]
    public void Bicep_Secrets_AreKeyVaultReferencesToSecretsTheVaultIsGiven()
    {
        var secretSettings = _deployed.SecretSettings.Properties.ToDictionary(p => p.Key!, p => ((StringExpr)p.Value).Value!, StringComparer.Ordinal);
        var keyVault = _deployed.Main.Modules.Single(m => m.Path == "core/keyvault.bicep").Object!;
        var secretValues = ((ObjectExpr)((ObjectExpr)keyVault.Get("params")!).Get("secretValues")!).Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(secretValues.Order(), secretSettings.Values.Order());
        foreach (var name in new[] { "Admin__ApiKey", "Stripe__SecretKey", "Stripe__WebhookSecret", "SendGrid__ApiKey", "Carrier__WebhookSecret" })
        {
            Assert.True(secretSettings.ContainsKey(name), $"{name} must be a Key Vault reference (var secretSettings in infra/main.bicep)");
        }

        var both = _deployed.AppSettings.Keys.Intersect(secretSettings.Keys, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(both.Count == 0, "In both var appSettings and var secretSettings (the plain value would replace the reference): " + string.Join(", ", both));

        var plainSecrets = _deployed.AppSettings.Keys.Concat(_deployed.HostSettings.Keys)
            .Where(k => SecretEndings.Any(e => k.EndsWith(e, StringComparison.Ordinal)) && k != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .ToList();
        Assert.True(plainSecrets.Count == 0, "Secrets deployed as plain values (move them to var secretSettings): " + string.Join(", ", plainSecrets));

        var references = (CallExpr)_deployed.FunctionApp.Var("keyVaultReferences").Value;
        var template = (StringExpr)((LambdaExpr)references.Arguments[2]).Body;
        Assert.StartsWith("'@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${setting.value}/)'", template.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_WritesAllThreeSettingListsToTheFunctionApp()
    {
        var settings = _deployed.FunctionApp.Resources.Single(r => r.Type == "Microsoft.Web/sites/config").Object!;
        Assert.Equal("appsettings", (settings.Get("name") as StringExpr)?.Value);
        var union = Assert.IsType<CallExpr>(settings.Get("properties"));
        Assert.Equal("union", union.Name);
        Assert.Equal(
            ["keyVaultReferences", DeployedSettings.AppSettingsVar, DeployedSettings.HostSettingsVar],
            union.Arguments.Select(a => (a as IdentifierExpr)?.Name));

        var module = _deployed.Main.Modules.Single(m => m.Path == "app/function-app.bicep").Object!;
        var parameters = (ObjectExpr)module.Get("params")!;
        // The app's settings, with the operator's overrides (param appSettingOverrides) applied last.
        var appSettings = Assert.IsType<CallExpr>(parameters.Get("appSettings"));
        Assert.Equal("union", appSettings.Name);
        Assert.Equal([DeployedSettings.AppSettingsVar, "appSettingOverrides"], appSettings.Arguments.Select(a => (a as IdentifierExpr)?.Name));
        Assert.Equal(DeployedSettings.SecretSettingsVar, (parameters.Get("keyVaultSecretNames") as IdentifierExpr)?.Name);
    }

    [Fact]
    public void LocalSettingsSample_ListsExactlyTheSettingsTheAppReads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repository.LocalSettingsSample));
        var listed = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var expected = app.AppSettings.Concat(HostSettingsLocally).DistinctBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

        var missing = expected.Keys.Where(k => !listed.Contains(k) && !HasChildren(k, listed) && !app.Collections.Contains(k))
            .Select(k => $"'{k}' (read by {expected[k]}) is missing from local.settings.sample.json: add it under Values with a safe local default");
        var stale = listed.Where(k => !expected.ContainsKey(k) && !expected.Keys.Any(e => IsChild(k, e)))
            .Select(k => $"'{k}' is in local.settings.sample.json but nothing reads it: remove it, or bind it with services.AddShopOptions<T>(section)");
        var problems = missing.Concat(stale).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal("custom", sample.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    /// <summary>
    /// A setting bound to a list or dictionary property is given as children: <c>Pricing__TaxRates__US</c> sets
    /// <c>Pricing__TaxRates</c>. (Not for connections, whose identity-based form is checked strictly.)
    /// </summary>
    private static bool HasChildren(string name, IEnumerable<string> names) =>
        name != "AzureWebJobsStorage" && names.Any(n => IsChild(n, name));

    private static bool IsChild(string name, string parent) =>
        parent != "AzureWebJobsStorage" && name.StartsWith(parent + "__", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection deployed in its identity-based form (<c>X__credential</c> and the service URIs).</summary>
    private static bool IsIdentityBasedConnection(string name, IReadOnlyDictionary<string, string> deployed) =>
        new[] { "__credential", "__blobServiceUri", "__queueServiceUri", "__tableServiceUri" }.All(suffix => deployed.ContainsKey(name + suffix));

    private static string? Text(BicepExpr? expr) => expr switch
    {
        IdentifierExpr i => i.Name,
        MemberExpr m => Text(m.Target) + "." + m.Name,
        _ => null,
    };
}
