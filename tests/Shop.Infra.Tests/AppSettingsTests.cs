using System.Text.Json;
using Shop.Infra.Tests.Arm;

namespace Shop.Infra.Tests;

/// <summary>
/// Every setting the app reads is deployed by the Bicep and listed in local.settings.sample.json. The list comes
/// from the app (see <see cref="AppSettingsFixture"/>), so these tests stay right as areas add settings.
/// </summary>
public sealed class AppSettingsTests(AppSettingsFixture app) : IClassFixture<AppSettingsFixture>
{
    /// <summary>
    /// App settings that only mean something on a developer machine, so Azure does not get them:
    /// Azurite is only started in Development against the emulator, the local host's port and triggers are not used
    /// under the Functions host, and the embedded durable engine does not run in Azure (Durable Functions does; it
    /// reads only Durable__TaskHub, through host.json).
    /// </summary>
    private static readonly HashSet<string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hosting__StartAzurite",
        "Hosting__AzuriteLocation",
        "Hosting__Port",
        "Hosting__QueueProcessingLease", // the local triggers' lease; under the Functions host its queue trigger leases messages
        "Hosting__LocalTriggers",
        "Durable__Backend", // the local and test switch to a Durable Task gRPC sidecar (the conformance lane)
        "Durable__GrpcEndpoint", // the sidecar's address, read only with Durable__Backend=Grpc
        "Durable__Connection",
        "Durable__ControlQueueCount",
        "Durable__MaxConcurrentActivities",
        "Durable__MaxActivityBacklog",
        "Durable__RecoverAfter",
        "Durable__OutageRetryDelay",
        "Durable__RecoverySchedule",
        "Durable__CacheIdleTimeout",
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
        ["FUNCTIONS_WORKER_RUNTIME"] = "func start: the worker runtime, dotnet-isolated",
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

    [Fact]
    public void App_RegistersItsSettingsSections()
    {
        // Guards the derivation itself: the hosting layer's own sections must be found.
        Assert.Contains(app.Sections, s => s.Section == "Hosting");
        Assert.Contains(app.Sections, s => s.Section == "Admin");
        Assert.Contains("Admin__ApiKey", app.AppSettings.Keys);
    }

    [Fact]
    public async Task Bicep_DeploysEverySettingTheAppReads()
    {
        var deployed = (await DeployedSettings.LoadAsync()).Names;
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
    public async Task Bicep_StorageConnection_IsIdentityBasedWithTheUserAssignedIdentity()
    {
        const string Identity = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))";
        const string Storage = "resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))";
        var deployed = await DeployedSettings.LoadAsync();
        var host = deployed.HostSettings;

        Assert.Equal("managedidentity", (host["AzureWebJobsStorage__credential"] as ArmExpression.Str)?.Value);
        Assert.Equal(Identity + ".clientId", host["AzureWebJobsStorage__clientId"].ReferencedProperty());
        Assert.Equal(Storage + ".primaryEndpoints.blob", host["AzureWebJobsStorage__blobServiceUri"].ReferencedProperty());
        Assert.Equal(Storage + ".primaryEndpoints.queue", host["AzureWebJobsStorage__queueServiceUri"].ReferencedProperty());
        Assert.Equal(Storage + ".primaryEndpoints.table", host["AzureWebJobsStorage__tableServiceUri"].ReferencedProperty());
        Assert.DoesNotContain("AzureWebJobsStorage", deployed.Names.Keys);

        // ...the identity and storage account core/identity.bicep and core/storage.bicep create.
        Assert.Equal(("identity", "name"), deployed.FunctionApp.ParameterExpression("identityName").ModuleOutput());
        Assert.Equal(("storage", "name"), deployed.FunctionApp.ParameterExpression("storageAccountName").ModuleOutput());
    }

    [Fact]
    public async Task Bicep_SetsNoSettingFlexConsumptionRefuses()
    {
        var names = (await DeployedSettings.LoadAsync()).Names;
        var refused = RefusedOnFlexConsumption.Where(names.ContainsKey).Select(n => $"{n} ({names[n]})").ToList();

        Assert.True(refused.Count == 0, "Flex Consumption refuses or ignores these app settings: " + string.Join(", ", refused));
    }

    [Fact]
    public async Task Bicep_Secrets_AreKeyVaultReferencesToSecretsTheVaultIsGiven()
    {
        var deployed = await DeployedSettings.LoadAsync();
        var secretSettings = deployed.SecretSettings;
        var secretValues = deployed.Main.Module("keyvault").Parameter("secretValues").EnumerateObject().ToList();

        Assert.Equal(secretValues.Select(v => v.Name).Order(StringComparer.Ordinal), secretSettings.Values.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "Admin__ApiKey", "Stripe__SecretKey", "Stripe__WebhookSecret", "SendGrid__ApiKey", "Carrier__WebhookSecret" })
        {
            Assert.True(secretSettings.ContainsKey(name), $"{name} must be a Key Vault reference (var secretSettings in infra/main.bicep)");
        }

        // Each secret reaches the vault from a @secure() parameter of main.bicep, and the module takes them as a @secure() object.
        foreach (var secret in secretValues)
        {
            var parameter = Assert.IsType<ArmExpression.Call>(ArmExpression.FromJson(secret.Value.GetString()!));
            Assert.Equal("parameters", parameter.Name);
            var name = ((ArmExpression.Str)parameter[0]).Value;
            Assert.True(deployed.Main.Parameters[name].GetProperty("type").GetString() == "securestring", $"secret '{secret.Name}' comes from parameter '{name}', which is not @secure()");
        }

        Assert.Equal("secureObject", deployed.Main.Module("keyvault").Template.Parameters["secretValues"].GetProperty("type").GetString());

        var both = deployed.AppSettings.Keys.Intersect(secretSettings.Keys, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(both.Count == 0, "In both var appSettings and var secretSettings (the plain value would replace the reference): " + string.Join(", ", both));

        var plainSecrets = deployed.AppSettings.Keys.Concat(deployed.HostSettings.Keys)
            .Where(k => SecretEndings.Any(e => k.EndsWith(e, StringComparison.Ordinal)) && k != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .ToList();
        Assert.True(plainSecrets.Count == 0, "Secrets deployed as plain values (move them to var secretSettings): " + string.Join(", ", plainSecrets));

        // keyVaultReferences = { setting: '@Microsoft.KeyVault(SecretUri=https://<vault><suffix>/secrets/<secret>/)' }
        var functionApp = deployed.FunctionApp.Template;
        var references = Assert.IsType<ArmExpression.Call>(ArmExpression.FromJson(functionApp.Variable("keyVaultReferences").GetString()!));
        Assert.Equal("toObject", references.Name);
        Assert.Equal("items(parameters('keyVaultSecretNames'))", references[0].ToString());
        Assert.Equal("lambda('setting', lambdaVariables('setting').key)", references[1].ToString());
        Assert.Equal("lambda('setting', format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', variables('vaultUri'), lambdaVariables('setting').value))", references[2].ToString());
        Assert.Equal("format('https://{0}{1}/', parameters('keyVaultName'), environment().suffixes.keyvaultDns)", ArmExpression.FromJson(functionApp.Variable("vaultUri").GetString()!).ToString());
    }

    [Fact]
    public async Task Bicep_WritesAllThreeSettingListsToTheFunctionApp()
    {
        var deployed = await DeployedSettings.LoadAsync();
        Assert.Equal("format('{0}/{1}', parameters('name'), 'appsettings')", deployed.SettingsResource.Name.ToString());
        Assert.Equal(3, deployed.SettingsUnion.Arguments.Count);
        Assert.Equal("variables('keyVaultReferences')", deployed.SettingsUnion[0].ToString());
        Assert.Equal("parameters('appSettings')", deployed.SettingsUnion[1].ToString());
        Assert.Contains("AzureWebJobsStorage__credential", deployed.HostSettings.Keys); // the host settings come last, so they win

        // The app's settings, with the operator's overrides (param appSettingOverrides) applied last.
        Assert.Equal($"union(variables('{DeployedSettings.AppSettingsVar}'), parameters('appSettingOverrides'))", deployed.FunctionApp.ParameterExpression("appSettings").ToString());
        Assert.Equal($"variables('{DeployedSettings.SecretSettingsVar}')", deployed.FunctionApp.ParameterExpression("keyVaultSecretNames").ToString());
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
        Assert.Equal("dotnet-isolated", sample.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
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
}
