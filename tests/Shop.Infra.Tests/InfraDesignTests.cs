using System.Text.Json;
using Shop.Infra.Tests.Bicep;

namespace Shop.Infra.Tests;

/// <summary>The deployment has the shape the design asks for: what is created, and how it is secured and wired.</summary>
public sealed class InfraDesignTests
{
    private static readonly Lazy<IReadOnlyList<BicepFile>> Files = new(() =>
        Repository.BicepFiles().Select(f => BicepParser.Load(Path.Combine(Repository.Root, f))).ToList());

    private static BicepFile Main => Files.Value.Single(f => f.Path == Repository.MainBicep);

    private static IEnumerable<ResourceStatement> Resources => Files.Value.SelectMany(f => f.Resources);

    private static ObjectExpr Resource(string type) => Resources.Single(r => r.Type == type && !r.Existing).Object!;

    [Fact]
    public void Deployment_CreatesEveryPartOfTheDesign()
    {
        var created = Resources.Where(r => !r.Existing).Select(r => r.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

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
        Assert.Equal("subscription", Main.TargetScope);
    }

    [Fact]
    public void StorageAccount_IsStandardLrsTls12WithoutPublicBlobsOrSharedKeys()
    {
        var storage = Resource("Microsoft.Storage/storageAccounts");
        var properties = (ObjectExpr)storage.Get("properties")!;

        Assert.Equal("Standard_LRS", Literal(((ObjectExpr)storage.Get("sku")!).Get("name")));
        Assert.Equal("TLS1_2", Literal(properties.Get("minimumTlsVersion")));
        Assert.Equal("false", Literal(properties.Get("allowBlobPublicAccess")));
        Assert.Equal("false", Literal(properties.Get("allowSharedKeyAccess")));
        Assert.Equal("None", Literal(((ObjectExpr)Resource("Microsoft.Storage/storageAccounts/blobServices/containers").Get("properties")!).Get("publicAccess")));
    }

    [Fact]
    public void FunctionApp_RunsTheCustomHandlerOnFlexConsumptionAsTheUserAssignedIdentity()
    {
        var plan = Resource("Microsoft.Web/serverfarms");
        var sku = (ObjectExpr)plan.Get("sku")!;
        Assert.Equal("FlexConsumption", Literal(sku.Get("tier")));
        Assert.Equal("FC1", Literal(sku.Get("name")));
        Assert.Equal("true", Literal(((ObjectExpr)plan.Get("properties")!).Get("reserved")));

        var site = Resource("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", Literal(site.Get("kind")));
        Assert.Equal("UserAssigned", Literal(((ObjectExpr)site.Get("identity")!).Get("type")));
        var properties = (ObjectExpr)site.Get("properties")!;
        Assert.Equal("identity.id", Text(properties.Get("keyVaultReferenceIdentity")));
        Assert.Equal("true", Literal(properties.Get("httpsOnly")));

        var config = (ObjectExpr)properties.Get("functionAppConfig")!;
        var runtime = (ObjectExpr)config.Get("runtime")!;
        Assert.Equal("custom", Literal(runtime.Get("name")));
        var deployment = (ObjectExpr)((ObjectExpr)config.Get("deployment")!).Get("storage")!;
        Assert.Equal("blobContainer", Literal(deployment.Get("type")));
        var authentication = (ObjectExpr)deployment.Get("authentication")!;
        Assert.Equal("UserAssignedIdentity", Literal(authentication.Get("type")));
        Assert.Equal("identity.id", Text(authentication.Get("userAssignedIdentityResourceId")));
        var scale = (ObjectExpr)config.Get("scaleAndConcurrency")!;
        Assert.Equal("maximumInstanceCount", Text(scale.Get("maximumInstanceCount")));
        Assert.Equal("instanceMemoryMB", Text(scale.Get("instanceMemoryMB")));
    }

    [Fact]
    public void RoleAssignments_AreNamedFromScopePrincipalAndRole_AndGrantWhatTheAppNeeds()
    {
        var assignments = Resources.Where(r => r.Type == "Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        foreach (var assignment in assignments)
        {
            var body = assignment.Object!;
            var name = Assert.IsType<CallExpr>(body.Get("name"));
            Assert.Equal("guid", name.Name);
            Assert.Equal(3, name.Arguments.Count);
            var scope = Assert.IsType<IdentifierExpr>(body.Get("scope"));
            Assert.Equal(scope.Name + ".id", Text(name.Arguments[0]));
            var properties = (ObjectExpr)body.Get("properties")!;
            Assert.Equal(Text(properties.Get("principalId")), Text(name.Arguments[1]));
            var roleDefinition = Assert.IsType<CallExpr>(properties.Get("roleDefinitionId"));
            Assert.Equal(Text(roleDefinition.Arguments[1]), Text(name.Arguments[2]));
        }

        var rbac = Files.Value.Single(f => f.Path.EndsWith("rbac.bicep", StringComparison.Ordinal));
        var roles = (ObjectExpr)rbac.Var("roles").Value;
        var storageRoles = ((ArrayExpr)rbac.Var("storageRoles").Value).Items.Select(Text).ToList();
        Assert.Equal(["roles.storageBlobDataContributor", "roles.storageQueueDataContributor", "roles.storageTableDataContributor"], storageRoles);
        Assert.Equal("ba92f5b4-2d11-453d-a403-e96b0029c9fe", Literal(roles.Get("storageBlobDataContributor")));
        Assert.Equal("974c5e8b-45b9-4653-ba55-5f855dd0fb88", Literal(roles.Get("storageQueueDataContributor")));
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", Literal(roles.Get("storageTableDataContributor")));
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", Literal(roles.Get("keyVaultSecretsUser")));
        var granted = assignments.Select(a => Text(((CallExpr)((ObjectExpr)a.Object!.Get("properties")!).Get("roleDefinitionId")!).Arguments[1])).ToList();
        Assert.Contains("roles.keyVaultSecretsUser", granted);
        Assert.Contains("roles.monitoringMetricsPublisher", granted);
    }

    [Fact]
    public void KeyVault_UsesRbacAndSoftDelete()
    {
        var properties = (ObjectExpr)Resource("Microsoft.KeyVault/vaults").Get("properties")!;

        Assert.Equal("true", Literal(properties.Get("enableRbacAuthorization")));
        Assert.Equal("true", Literal(properties.Get("enableSoftDelete")));
        Assert.Null(properties.Get("accessPolicies"));
    }

    [Fact]
    public void Main_OutputsTheFunctionAppNameHostNameAndStorageAccount()
    {
        var outputs = Main.Outputs.ToDictionary(o => o.Name, o => Text(o.Value));

        Assert.Equal("functionApp.outputs.name", outputs["FUNCTION_APP_NAME"]);
        Assert.Equal("functionApp.outputs.defaultHostName", outputs["FUNCTION_APP_DEFAULT_HOST_NAME"]);
        Assert.Equal("storage.outputs.name", outputs["STORAGE_ACCOUNT_NAME"]);
    }

    [Fact]
    public void Main_EveryResourceNameCanBeOverridden()
    {
        var parameters = Main.Params.ToDictionary(p => p.Name);
        var names = (ObjectExpr)Main.Var("names").Value;

        Assert.Equal(8, names.Properties.Count);
        foreach (var name in names.Properties)
        {
            var choice = Assert.IsType<TernaryExpr>(name.Value);
            var given = Assert.IsType<IdentifierExpr>(Assert.IsType<CallExpr>(Assert.IsType<UnaryExpr>(choice.Condition).Operand).Arguments.Single());
            Assert.Equal(given.Name, Text(choice.WhenTrue));
            Assert.Equal("''", (parameters[given.Name].Default as StringExpr)?.Text);
        }
    }

    [Fact]
    public void ParametersFile_NamesOnlyDeclaredParameters_AndEveryRequiredOneIsGivenSomewhere()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Infra, "main.parameters.json")));
        var inFile = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var declared = Main.Params.ToDictionary(p => p.Name);
        var deployDoc = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        Assert.All(inFile, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare"));
        Assert.All(inFile, name => Assert.False(declared[name].HasDecorator("secure"), $"'{name}' is @secure(): pass it on the command line, never in main.parameters.json"));
        foreach (var required in declared.Values.Where(p => p.IsRequired && !inFile.Contains(p.Name)))
        {
            Assert.True(required.HasDecorator("secure"), $"required parameter '{required.Name}' is neither in main.parameters.json nor a secret passed on the command line");
            Assert.Contains(required.Name + "=", deployDoc, StringComparison.Ordinal);
        }
    }

    private static string? Literal(BicepExpr? expr) => expr switch
    {
        StringExpr s => s.Value,
        LiteralExpr l => l.Text,
        _ => null,
    };

    private static string? Text(BicepExpr? expr) => expr switch
    {
        IdentifierExpr i => i.Name,
        MemberExpr m => Text(m.Target) + "." + m.Name,
        _ => null,
    };
}
