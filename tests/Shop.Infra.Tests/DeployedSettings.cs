using System.Text.Json;
using Shop.Infra.Tests.Arm;
using Shop.Infra.Tests.Compiler;

namespace Shop.Infra.Tests;

/// <summary>
/// The app settings the Bicep deploys, read from the compiled template where each kind is declared:
/// <c>var appSettings</c> and <c>var secretSettings</c> in infra/main.bicep, <c>var hostSettings</c> in
/// infra/app/function-app.bicep. The site's <c>appsettings</c> resource writes their union; the compiler inlines
/// hostSettings there (it reads deployed resources), so the host settings are read from that union.
/// </summary>
internal sealed class DeployedSettings
{
    public const string AppSettingsVar = "appSettings";

    public const string SecretSettingsVar = "secretSettings";

    public const string HostSettingsVar = "hostSettings";

    private DeployedSettings(ArmTemplate main)
    {
        Main = main;
        FunctionApp = main.Module("function-app");
        AppSettings = ObjectOf(main, main.Variable(AppSettingsVar));
        SecretSettings = main.Variable(SecretSettingsVar).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        SettingsResource = Assert.Single(FunctionApp.Template.Resources, r => r.Type == "Microsoft.Web/sites/config");
        SettingsUnion = Assert.IsType<ArmExpression.Call>(SettingsResource.Expression("properties"));
        Assert.Equal("union", SettingsUnion.Name);
        HostSettings = ObjectOf(FunctionApp.Template, SettingsUnion.Arguments[^1]);
    }

    public ArmTemplate Main { get; }

    /// <summary>The function-app module (infra/app/function-app.bicep) as main.bicep deploys it.</summary>
    public ArmModule FunctionApp { get; }

    /// <summary>var appSettings: setting name → value.</summary>
    public IReadOnlyDictionary<string, ArmExpression> AppSettings { get; }

    /// <summary>var secretSettings: setting name → Key Vault secret name.</summary>
    public IReadOnlyDictionary<string, string> SecretSettings { get; }

    /// <summary>var hostSettings (the last, winning, argument of the appsettings union): setting name → value.</summary>
    public IReadOnlyDictionary<string, ArmExpression> HostSettings { get; }

    /// <summary>The site's <c>Microsoft.Web/sites/config</c> resource.</summary>
    public ArmResource SettingsResource { get; }

    /// <summary>Its properties: <c>union(...)</c> of the setting lists.</summary>
    public ArmExpression.Call SettingsUnion { get; }

    /// <summary>Every deployed setting name → where it is declared.</summary>
    public IReadOnlyDictionary<string, string> Names =>
        AppSettings.Keys.Select(k => (k, $"var {AppSettingsVar} (infra/main.bicep)"))
            .Concat(SecretSettings.Keys.Select(k => (k, $"var {SecretSettingsVar} (infra/main.bicep)")))
            .Concat(HostSettings.Keys.Select(k => (k, $"var {HostSettingsVar} (infra/app/function-app.bicep)")))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase);

    public static async Task<DeployedSettings> LoadAsync() => new(await CompiledMain.TemplateAsync());

    /// <summary>An object of settings: a JSON object, <c>variables('v')</c> naming one, or <c>createObject('k', v, ...)</c>.</summary>
    private static Dictionary<string, ArmExpression> ObjectOf(ArmTemplate template, ArmExpression expression) => expression switch
    {
        ArmExpression.Call { Name: "variables", Arguments: [ArmExpression.Str name] } => ObjectOf(template, template.Variable(name.Value)),
        ArmExpression.Call { Name: "createObject" } create => create.Arguments.Chunk(2).ToDictionary(
            pair => pair[0] is ArmExpression.Str key ? key.Value : throw new InvalidOperationException($"setting names must be plain, not computed: {pair[0]}"),
            pair => pair[1],
            StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"'{expression}' is not an object of settings this test can read"),
    };

    private static Dictionary<string, ArmExpression> ObjectOf(ArmTemplate template, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(
            p => p.Name.StartsWith('[') ? throw new InvalidOperationException($"setting names must be plain, not computed: {p.Name}") : p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? ArmExpression.FromJson(p.Value.GetString()!) : new ArmExpression.Str(p.Value.GetRawText()),
            StringComparer.Ordinal),
        JsonValueKind.String => ObjectOf(template, ArmExpression.FromJson(value.GetString()!)),
        _ => throw new InvalidOperationException($"{template.Name}: {value.ValueKind} is not an object of settings"),
    };
}
