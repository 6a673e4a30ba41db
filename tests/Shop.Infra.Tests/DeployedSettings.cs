using Shop.Infra.Tests.Bicep;

namespace Shop.Infra.Tests;

/// <summary>
/// The app settings the Bicep deploys, read from the one place each kind is declared:
/// <c>var appSettings</c> and <c>var secretSettings</c> in infra/main.bicep, <c>var hostSettings</c> in
/// infra/app/function-app.bicep (which writes their union as the site's <c>appsettings</c>).
/// </summary>
internal sealed class DeployedSettings
{
    public const string AppSettingsVar = "appSettings";

    public const string SecretSettingsVar = "secretSettings";

    public const string HostSettingsVar = "hostSettings";

    private DeployedSettings(BicepFile main, BicepFile functionApp)
    {
        Main = main;
        FunctionApp = functionApp;
        AppSettings = (ObjectExpr)main.Var(AppSettingsVar).Value;
        SecretSettings = (ObjectExpr)main.Var(SecretSettingsVar).Value;
        HostSettings = (ObjectExpr)functionApp.Var(HostSettingsVar).Value;
    }

    public BicepFile Main { get; }

    public BicepFile FunctionApp { get; }

    public ObjectExpr AppSettings { get; }

    public ObjectExpr SecretSettings { get; }

    public ObjectExpr HostSettings { get; }

    /// <summary>Every deployed setting name → where it is declared.</summary>
    public IReadOnlyDictionary<string, string> Names =>
        Declared(AppSettings, $"var {AppSettingsVar} (infra/main.bicep)")
            .Concat(Declared(SecretSettings, $"var {SecretSettingsVar} (infra/main.bicep)"))
            .Concat(Declared(HostSettings, $"var {HostSettingsVar} (infra/app/function-app.bicep)"))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public static DeployedSettings Load() =>
        new(BicepParser.Load(Repository.MainBicep), BicepParser.Load(Repository.FunctionAppBicep));

    private static IEnumerable<KeyValuePair<string, string>> Declared(ObjectExpr settings, string where) =>
        settings.Properties.Select(p => new KeyValuePair<string, string>(
            p.Key ?? throw new InvalidOperationException($"{where}: setting names must be plain, not interpolated (line {p.Line})"),
            $"{where}, line {p.Line}"));
}
