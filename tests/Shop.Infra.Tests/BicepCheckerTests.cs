using Shop.Infra.Tests.Bicep;

namespace Shop.Infra.Tests;

/// <summary>The checker itself: it catches the mistakes it exists for, at the right line, and accepts valid Bicep.</summary>
public sealed class BicepCheckerTests
{
    private const string ValidStorage = """
        param location string = 'westeurope'

        resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
          name: 'stexample'
          location: location
          kind: 'StorageV2'
          sku: {
            name: 'Standard_LRS'
          }
          properties: {
            minimumTlsVersion: 'TLS1_2'
            allowSharedKeyAccess: false
          }
        }

        output blob string = storage.properties.primaryEndpoints.blob
        """;

    private static IReadOnlyList<BicepDiagnostic> Check(string text, Dictionary<string, string>? modules = null) =>
        BicepChecker.Default.Check(
            BicepParser.Parse(text, "/inline/main.bicep"),
            path => modules is not null && modules.TryGetValue(Path.GetFileName(path), out var module) ? BicepParser.Parse(module, path) : null);

    [Fact]
    public void Check_ValidResource_ReportsNothing()
    {
        Assert.Empty(Check(ValidStorage));
    }

    [Fact]
    public void Check_ApiVersionThatDoesNotExist_IsReportedAtItsLine()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("@2024-01-01", "@2024-13-01", StringComparison.Ordinal)));

        Assert.Equal(3, diagnostic.Line);
        Assert.Contains("API version '2024-13-01' of 'Microsoft.Storage/storageAccounts' does not exist", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownResourceType_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("storageAccounts@", "storageAccountz@", StringComparison.Ordinal)));

        Assert.Contains("unknown resource type 'Microsoft.Storage/storageAccountz'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MisspeltProperty_IsReportedAtItsLineWithTheRightSpelling()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("allowSharedKeyAccess", "allowSharedKeyAcess", StringComparison.Ordinal)));

        Assert.Equal("/inline/main.bicep", diagnostic.File);
        Assert.Equal(12, diagnostic.Line);
        Assert.Contains("unknown property 'allowSharedKeyAcess' at Microsoft.Storage/storageAccounts.properties.allowSharedKeyAcess", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'allowSharedKeyAccess'?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PropertyInTheWrongCase_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("minimumTlsVersion", "MinimumTlsVersion", StringComparison.Ordinal)));

        Assert.Contains("is spelt 'minimumTlsVersion'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValueOutsideAClosedSetOfValues_IsReported()
    {
        const string container = """
            resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
              name: 'stexample/default/packages'
              properties: {
                publicAccess: 'Private'
              }
            }
            """;

        var diagnostic = Assert.Single(Check(container));

        Assert.Equal(4, diagnostic.Line);
        Assert.Contains("'Private' is not allowed; expected one of 'Container', 'Blob', 'None'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValueOfTheWrongKind_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("allowSharedKeyAccess: false", "allowSharedKeyAccess: 'false'", StringComparison.Ordinal)));

        Assert.Contains("expected bool (bool) but the value is string", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReadOnlyProperty_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("allowSharedKeyAccess: false", "provisioningState: 'Succeeded'", StringComparison.Ordinal)));

        Assert.Contains("properties.provisioningState is read-only", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingRequiredProperty_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("  kind: 'StorageV2'\n", string.Empty, StringComparison.Ordinal)));

        Assert.Contains("required property 'kind'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReadOfAPropertyThatDoesNotExist_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("primaryEndpoints.blob", "primaryEndpoint.blob", StringComparison.Ordinal)));

        Assert.Equal(16, diagnostic.Line);
        Assert.Contains("'storage.properties' has no property 'primaryEndpoint' (did you mean 'primaryEndpoints'?)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MisspeltPropertyDeepInsideAFlexConsumptionSite_IsReported()
    {
        const string site = """
            resource site 'Microsoft.Web/sites@2024-04-01' = {
              name: 'func-example'
              location: 'westeurope'
              kind: 'functionapp,linux'
              properties: {
                functionAppConfig: {
                  runtime: {
                    name: 'custom'
                    version: '1.0'
                  }
                  scaleAndConcurrency: {
                    maximumInstanceCount: 40
                    instanceMemoryMb: 2048
                  }
                }
              }
            }
            """;

        var diagnostic = Assert.Single(Check(site));

        Assert.Equal(13, diagnostic.Line);
        Assert.Contains("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMb", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("is spelt 'instanceMemoryMB'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownRuntimeName_IsReported()
    {
        const string site = """
            resource site 'Microsoft.Web/sites@2024-04-01' = {
              name: 'func-example'
              location: 'westeurope'
              properties: {
                functionAppConfig: {
                  runtime: {
                    name: 'custom-handler'
                  }
                }
              }
            }
            """;

        // The runtime name is an open set in the schema (string literals plus string), so this passes the checker:
        // what the plan accepts is decided by the platform. This test pins that the checker does not invent rules.
        Assert.Empty(Check(site));
    }

    [Fact]
    public void Check_DiscriminatedObject_ChecksTheVariantNamedByItsDiscriminator()
    {
        const string template = """
            resource site 'Microsoft.Web/sites@2024-04-01' existing = {
              name: 'func-example'
            }

            resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
              parent: site
              name: 'NAME'
              properties: {
                A_SETTING: 'value'
              }
            }
            """;

        Assert.Empty(Check(template.Replace("NAME", "appsettings", StringComparison.Ordinal)));
        var diagnostic = Assert.Single(Check(template.Replace("NAME", "appsetings", StringComparison.Ordinal)));
        Assert.Equal(7, diagnostic.Line);
        Assert.Contains("'appsetings' is not one of", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ArrayItemsAndLoopsAndConditions_AreCheckedToo()
    {
        const string template = """
            param principalIds array

            resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
              name: 'stexample'
            }

            resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (id, i) in principalIds: if (i > 0) {
              name: guid(storage.id, id)
              scope: storage
              properties: {
                roleDefinitionId: 'x'
                principalId: id
                principalTyp: 'ServicePrincipal'
              }
            }]
            """;

        var diagnostic = Assert.Single(Check(template));

        Assert.Equal(13, diagnostic.Line);
        Assert.Contains("did you mean 'principalType'?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExistingResourceWithProperties_IsReported()
    {
        const string template = """
            resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
              name: 'stexample'
              location: 'westeurope'
            }
            """;

        var diagnostic = Assert.Single(Check(template));

        Assert.Contains("only name, parent and scope may be set, not 'location'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ResourceGroupResourceInASubscriptionScopedFile_IsReported()
    {
        var diagnostics = Check("targetScope = 'subscription'\n" + ValidStorage);

        Assert.Contains(diagnostics, d => d.Message.Contains("cannot be deployed at targetScope 'subscription'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ModuleParametersAndOutputs_AreCheckedAgainstTheModule()
    {
        const string module = """
            param name string
            param location string = 'westeurope'

            output id string = name
            """;
        const string main = """
            module child 'child.bicep' = {
              name: 'child'
              params: {
                nmae: 'x'
              }
            }

            output childId string = child.outputs.idd
            """;

        var diagnostics = Check(main, new Dictionary<string, string> { ["child.bicep"] = module });

        Assert.Contains(diagnostics, d => d.Line == 4 && d.Message.Contains("has no parameter 'nmae' (did you mean 'name'?)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Line == 1 && d.Message.Contains("required parameter 'name'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Line == 8 && d.Message.Contains("has no output 'idd'", StringComparison.Ordinal));
        Assert.Equal(3, diagnostics.Count);
    }

    [Fact]
    public void Check_UndeclaredSymbol_IsReported()
    {
        var diagnostic = Assert.Single(Check(ValidStorage.Replace("location: location", "location: locaton", StringComparison.Ordinal)));

        Assert.Contains("'locaton' is not declared (did you mean 'location'?)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxOutsideTheSubset_FailsWithFileAndLine()
    {
        var error = Assert.Throws<BicepSyntaxException>(() => BicepParser.Parse("param a string\n\nfunc f() string => 'x'\n", "/inline/main.bicep"));

        Assert.Equal(3, error.SourceLine);
        Assert.StartsWith("/inline/main.bicep:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StringsWithEscapesAndInterpolation_AreRead()
    {
        var file = BicepParser.Parse("var a = 'it\\'s'\nvar b = 'x${'}'}y'\nvar c = '''\nraw ${x}\n'''\n", "/inline/main.bicep");

        Assert.Equal("it's", ((StringExpr)file.Var("a").Value).Value);
        Assert.Null(((StringExpr)file.Var("b").Value).Value);
        Assert.Equal("raw ${x}\n", ((StringExpr)file.Var("c").Value).Value);
    }
}
