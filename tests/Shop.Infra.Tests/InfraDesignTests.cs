using System.Text.Json;
using Shop.Infra.Tests.Arm;
using Shop.Infra.Tests.Compiler;

namespace Shop.Infra.Tests;

/// <summary>
/// The deployment has the shape the design asks for: what is created, and how it is secured and wired. Read from the
/// ARM JSON the real compiler makes of infra/main.bicep (modules are nested templates in it).
/// </summary>
public sealed class InfraDesignTests
{
    /// <summary>How the compiled templates name the app's user-assigned identity (function-app.bicep's <c>identity.id</c>).</summary>
    private const string IdentityId = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))";

    private static async Task<ArmResource> Resource(string type) =>
        Assert.Single((await CompiledMain.TemplateAsync()).AllResources, r => r.Type == type && !r.Existing);

    [Fact]
    public async Task Deployment_CreatesEveryPartOfTheDesign()
    {
        var main = await CompiledMain.TemplateAsync();
        var created = main.AllResources.Where(r => !r.Existing).Select(r => r.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Subset(created, new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.Resources/resourceGroups",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/config",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
        });
        Assert.EndsWith("/subscriptionDeploymentTemplate.json#", main.Schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageAccount_IsStandardLrsTls12WithoutPublicBlobsOrSharedKeys()
    {
        var storage = await Resource("Microsoft.Storage/storageAccounts");

        Assert.Equal("Standard_LRS", storage.Literal("sku", "name"));
        Assert.Equal("TLS1_2", storage.Literal("properties", "minimumTlsVersion"));
        Assert.False(storage.Bool("properties", "allowBlobPublicAccess"));
        Assert.False(storage.Bool("properties", "allowSharedKeyAccess"));
        Assert.Equal("None", (await Resource("Microsoft.Storage/storageAccounts/blobServices/containers")).Literal("properties", "publicAccess"));
    }

    [Fact]
    public async Task FunctionApp_RunsTheDotnetIsolatedWorkerOnFlexConsumptionAsTheUserAssignedIdentity()
    {
        var plan = await Resource("Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", plan.Literal("sku", "tier"));
        Assert.Equal("FC1", plan.Literal("sku", "name"));
        Assert.True(plan.Bool("properties", "reserved"));

        var site = await Resource("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.Literal("kind"));
        Assert.Equal("UserAssigned", site.Literal("identity", "type"));
        var identities = site.At("identity", "userAssignedIdentities")!.Value.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(IdentityId, Assert.Single(identities), StringComparison.Ordinal);
        Assert.Equal(IdentityId, site.Expression("properties", "keyVaultReferenceIdentity")?.ToString());
        Assert.True(site.Bool("properties", "httpsOnly"));

        Assert.Equal("dotnet-isolated", site.Literal("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", site.Literal("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("blobContainer", site.Literal("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal("UserAssignedIdentity", site.Literal("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        Assert.Equal(IdentityId, site.Expression("properties", "functionAppConfig", "deployment", "storage", "authentication", "userAssignedIdentityResourceId")?.ToString());
        Assert.Equal("parameters('maximumInstanceCount')", site.Expression("properties", "functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount")?.ToString());
        Assert.Equal("parameters('instanceMemoryMB')", site.Expression("properties", "functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB")?.ToString());

        // The identity the site runs as is the one core/identity.bicep creates.
        var functionApp = (await CompiledMain.TemplateAsync()).Module("function-app");
        Assert.Equal(("identity", "name"), functionApp.ParameterExpression("identityName").ModuleOutput());
    }

    [Fact]
    public async Task RoleAssignments_AreNamedFromScopePrincipalAndRole_AndGrantWhatTheAppNeeds()
    {
        var main = await CompiledMain.TemplateAsync();
        var assignments = main.AllResources.Where(r => r.Type == "Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        var granted = new List<(string Scope, string Principal, string Role)>();
        foreach (var assignment in assignments)
        {
            // guid(scope, principal, role): a redeploy finds the same assignment instead of adding a duplicate.
            var name = Assert.IsType<ArmExpression.Call>(assignment.Name);
            Assert.Equal("guid", name.Name);
            Assert.Equal(3, name.Arguments.Count);
            var scope = assignment.Expression("scope") ?? throw new InvalidOperationException($"role assignment {name} has no scope");
            var principal = assignment.Expression("properties", "principalId")!;
            var roleDefinition = Assert.IsType<ArmExpression.Call>(assignment.Expression("properties", "roleDefinitionId"));
            Assert.Equal("subscriptionResourceId", roleDefinition.Name);
            Assert.Equal("Microsoft.Authorization/roleDefinitions", (roleDefinition[0] as ArmExpression.Str)?.Value);
            Assert.Equal(scope.ToString(), name[0].ToString());
            Assert.Equal(principal.ToString(), name[1].ToString());
            Assert.Equal(roleDefinition[1].ToString(), name[2].ToString());

            granted.AddRange(RoleIds(assignment.Template, roleDefinition[1]).Select(role => (ScopeType(scope), principal.ToString(), role)));
        }

        const string App = "parameters('principalId')";
        Assert.Equal(
            new[] { "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "ba92f5b4-2d11-453d-a403-e96b0029c9fe" }, // Table, Queue, Blob Data Contributor
            granted.Where(g => g is { Scope: "Microsoft.Storage/storageAccounts", Principal: App }).Select(g => g.Role).Order(StringComparer.Ordinal));
        Assert.Contains(("Microsoft.KeyVault/vaults", App, "4633458b-17de-408a-b874-0445c86b69e6"), granted); // Key Vault Secrets User
        Assert.Contains(("Microsoft.Insights/components", App, "3913510d-42f4-4e42-8a64-420c390055eb"), granted); // Monitoring Metrics Publisher
        Assert.Contains(("Microsoft.ServiceBus/namespaces", App, "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"), granted); // Azure Service Bus Data Sender
        Assert.Contains(("Microsoft.KeyVault/vaults", "parameters('deployerPrincipalId')", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"), granted); // Key Vault Secrets Officer

        // The principal granted is the app's identity.
        Assert.Equal(("identity", "principalId"), main.Module("rbac").ParameterExpression("principalId").ModuleOutput());
    }

    [Fact]
    public async Task KeyVault_UsesRbacAndSoftDelete()
    {
        var vault = await Resource("Microsoft.KeyVault/vaults");

        Assert.True(vault.Bool("properties", "enableRbacAuthorization"));
        Assert.True(vault.Bool("properties", "enableSoftDelete"));
        Assert.Null(vault.At("properties", "accessPolicies"));
    }

    [Fact]
    public async Task Main_OutputsTheFunctionAppNameHostNameAndStorageAccount()
    {
        var outputs = (await CompiledMain.TemplateAsync()).Outputs;

        Assert.Equal(("function-app", "name"), Output(outputs, "FUNCTION_APP_NAME"));
        Assert.Equal(("function-app", "defaultHostName"), Output(outputs, "FUNCTION_APP_DEFAULT_HOST_NAME"));
        Assert.Equal(("storage", "name"), Output(outputs, "STORAGE_ACCOUNT_NAME"));
    }

    [Fact]
    public async Task Main_EveryResourceNameCanBeOverridden()
    {
        var main = await CompiledMain.TemplateAsync();
        var names = main.Variable("names").EnumerateObject().ToList();

        Assert.Equal(
            ["applicationInsights", "functionApp", "functionPlan", "identity", "keyVault", "logAnalytics", "resourceGroup", "serviceBus", "staticWebApp", "storageAccount"],
            names.Select(n => n.Name).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            // names.x: if(not(empty(parameters('p'))), parameters('p'), <default>), and p defaults to ''.
            var choice = Assert.IsType<ArmExpression.Call>(ArmExpression.FromJson(name.Value.GetString()!));
            Assert.Equal("if", choice.Name);
            var given = Assert.IsType<ArmExpression.Call>(choice[1]);
            Assert.Equal("parameters", given.Name);
            Assert.Equal($"not(empty({given}))", choice[0].ToString());
            var parameter = ((ArmExpression.Str)given[0]).Value;
            Assert.Equal(string.Empty, main.Parameters[parameter].GetProperty("defaultValue").GetString());
        }

        // The resource group, created by main.bicep itself, takes its name from them.
        Assert.Equal("variables('names').resourceGroup", Assert.Single(main.Resources, r => r.Type == "Microsoft.Resources/resourceGroups").Name.ToString());
    }

    [Fact]
    public async Task ParametersFile_NamesOnlyDeclaredParameters_AndEveryRequiredOneIsGivenSomewhere()
    {
        var main = await CompiledMain.TemplateAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Infra, "main.parameters.json")));
        var inFile = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var declared = main.Parameters;
        var deployDoc = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));

        Assert.All(inFile, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare"));
        Assert.All(inFile, name => Assert.False(IsSecure(declared[name]), $"'{name}' is @secure(): pass it on the command line, never in main.parameters.json"));
        foreach (var (name, required) in declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _) && !inFile.Contains(p.Key)))
        {
            Assert.True(IsSecure(required), $"required parameter '{name}' is neither in main.parameters.json nor a secret passed on the command line");
            Assert.Contains(name + "=", deployDoc, StringComparison.Ordinal);
        }
    }

    private static bool IsSecure(JsonElement parameter) =>
        parameter.GetProperty("type").GetString() is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase);

    private static (string Module, string Output)? Output(IReadOnlyDictionary<string, JsonElement> outputs, string name) =>
        ArmExpression.FromJson(outputs[name].GetProperty("value").GetString()!).ModuleOutput();

    /// <summary>The resource type a role assignment's scope names: <c>resourceId('T', ...)</c> gives T.</summary>
    private static string ScopeType(ArmExpression scope) =>
        scope is ArmExpression.Call { Name: "resourceId", Arguments: [ArmExpression.Str type, ..] } ? type.Value : scope.ToString();

    /// <summary>
    /// The role definition ids a role expression stands for: a literal, <c>variables('v').p</c>, or
    /// <c>variables('v')[copyIndex()]</c> (one per item of a loop over the array <c>v</c>).
    /// </summary>
    private static IEnumerable<string> RoleIds(ArmTemplate template, ArmExpression role) => role switch
    {
        ArmExpression.Str literal => [literal.Value],
        ArmExpression.Member { Target: ArmExpression.Call { Name: "variables", Arguments: [ArmExpression.Str variable] }, Name: var property } =>
            RoleIds(template, ArmExpression.FromJson(template.Variable(variable.Value).GetProperty(property).GetString()!)),
        ArmExpression.Indexer { Target: ArmExpression.Call { Name: "variables", Arguments: [ArmExpression.Str variable] }, Key: ArmExpression.Call { Name: "copyIndex" } } =>
            template.Variable(variable.Value).EnumerateArray().SelectMany(item => RoleIds(template, ArmExpression.FromJson(item.GetString()!))),
        _ => throw new InvalidOperationException($"role expression '{role}' is not one this test can resolve"),
    };
}
