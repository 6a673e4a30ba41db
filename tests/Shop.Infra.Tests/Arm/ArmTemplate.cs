using System.Text.Json;

namespace Shop.Infra.Tests.Arm;

/// <summary>
/// A compiled ARM template (what <c>bicep build</c> writes), or one module's template nested in it: parameters,
/// variables, resources and outputs, and the modules it deploys (<c>Microsoft.Resources/deployments</c>).
/// </summary>
internal sealed class ArmTemplate(string name, JsonElement json)
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    /// <summary>"main" for the top template, else the module's deployment name (e.g. "function-app").</summary>
    public string Name { get; } = name;

    public JsonElement Json { get; } = json;

    public string Schema => Json.GetProperty("$schema").GetString() ?? string.Empty;

    public IReadOnlyDictionary<string, JsonElement> Parameters => Properties("parameters");

    public IReadOnlyDictionary<string, JsonElement> Variables => Properties("variables");

    public IReadOnlyDictionary<string, JsonElement> Outputs => Properties("outputs");

    /// <summary>This template's own resources (languageVersion 2.0 keys them by symbolic name; 1.0 lists them).</summary>
    public IReadOnlyList<ArmResource> Resources =>
        (Json.TryGetProperty("resources", out var resources) ? resources : default) switch
        {
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(r => new ArmResource(this, r)).ToList(),
            { ValueKind: JsonValueKind.Object } map => map.EnumerateObject().Select(r => new ArmResource(this, r.Value)).ToList(),
            _ => [],
        };

    /// <summary>The modules this template deploys, each with its own template.</summary>
    public IReadOnlyList<ArmModule> Modules =>
        Resources.Where(r => r.Type == DeploymentType && r.Json.TryGetProperty("properties", out var p) && p.TryGetProperty("template", out _))
            .Select(r => new ArmModule(r, new ArmTemplate(r.Name is ArmExpression.Str s ? s.Value : r.Name.ToString(), r.Json.GetProperty("properties").GetProperty("template"))))
            .ToList();

    /// <summary>Every resource this template and its modules (at any depth) create, modules' deployments excluded.</summary>
    public IEnumerable<ArmResource> AllResources =>
        Resources.Where(r => r.Type != DeploymentType).Concat(Modules.SelectMany(m => m.Template.AllResources));

    public ArmModule Module(string deploymentName) =>
        Modules.SingleOrDefault(m => m.Template.Name == deploymentName)
        ?? throw new InvalidOperationException($"{Name} deploys no module named '{deploymentName}'");

    public JsonElement Variable(string variableName) =>
        Variables.TryGetValue(variableName, out var value) ? value : throw new InvalidOperationException($"{Name} has no variable '{variableName}'");

    private Dictionary<string, JsonElement> Properties(string section) =>
        Json.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];
}
