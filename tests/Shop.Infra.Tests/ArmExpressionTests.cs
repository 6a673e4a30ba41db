using System.Text.Json;
using Shop.Infra.Tests.Arm;
using Shop.Infra.Tests.Compiler;

namespace Shop.Infra.Tests;

/// <summary>The reader of compiled templates' expressions, which the design and settings tests rely on.</summary>
public sealed class ArmExpressionTests
{
    [Fact]
    public async Task FromJson_ReadsEveryExpressionOfTheCompiledTemplate_AndWritesItBackUnchanged()
    {
        var template = await CompiledMain.TemplateAsync();
        var expressions = Strings(template.Json).Where(s => s.StartsWith('[') && !s.StartsWith("[[", StringComparison.Ordinal) && s.EndsWith(']')).ToList();

        Assert.True(expressions.Count > 100, $"only {expressions.Count} expressions found");
        Assert.All(expressions, s => Assert.Equal(s[1..^1], ArmExpression.FromJson(s).ToString()));
    }

    [Fact]
    public void FromJson_ReadsCallsMembersIndexesAndEscapedQuotes()
    {
        var call = Assert.IsType<ArmExpression.Call>(ArmExpression.FromJson("[format('it''s {0}', variables('a').b[copyIndex()], -1)]"));

        Assert.Equal("format", call.Name);
        Assert.Equal("it's {0}", Assert.IsType<ArmExpression.Str>(call[0]).Value);
        var index = Assert.IsType<ArmExpression.Indexer>(call[1]);
        Assert.Equal("b", Assert.IsType<ArmExpression.Member>(index.Target).Name);
        Assert.Equal("copyIndex()", index.Key.ToString());
        Assert.Equal(-1, Assert.IsType<ArmExpression.Int>(call[2]).Value);
    }

    [Fact]
    public void FromJson_PlainAndEscapedStrings_AreLiterals()
    {
        Assert.Equal(new ArmExpression.Str("Standard_LRS"), ArmExpression.FromJson("Standard_LRS"));
        Assert.Equal(new ArmExpression.Str("[not an expression]"), ArmExpression.FromJson("[[not an expression]"));
    }

    [Fact]
    public void FromJson_UnreadableExpression_Throws()
    {
        Assert.Throws<FormatException>(() => ArmExpression.FromJson("[format('unclosed]"));
        Assert.Throws<FormatException>(() => ArmExpression.FromJson("[parameters('a') parameters('b')]"));
    }

    [Fact]
    public void ReferencedPropertyAndModuleOutput_NameWhatTheExpressionReads()
    {
        var property = ArmExpression.FromJson("[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('n')), '2024-01-01').primaryEndpoints.blob]");
        var output = ArmExpression.FromJson("[reference(extensionResourceId(variables('rg'), 'Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.name.value]");

        Assert.Equal("resourceId('Microsoft.Storage/storageAccounts', parameters('n')).primaryEndpoints.blob", property.ReferencedProperty());
        Assert.Null(property.ModuleOutput());
        Assert.Equal(("storage", "name"), output.ModuleOutput());
        Assert.Null(ArmExpression.FromJson("[parameters('n')]").ReferencedProperty());
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        _ => [],
    };
}
