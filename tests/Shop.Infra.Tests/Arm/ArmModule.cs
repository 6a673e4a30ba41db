using System.Text.Json;

namespace Shop.Infra.Tests.Arm;

/// <summary>A module: the deployment resource in its parent template, and the module's own template.</summary>
internal sealed record ArmModule(ArmResource Deployment, ArmTemplate Template)
{
    /// <summary>The value the parent passes for parameter <paramref name="name"/>.</summary>
    public JsonElement Parameter(string name) =>
        Deployment.At("properties", "parameters", name, "value")
        ?? throw new InvalidOperationException($"module '{Template.Name}' is given no parameter '{name}'");

    /// <summary>The expression the parent passes for parameter <paramref name="name"/>.</summary>
    public ArmExpression ParameterExpression(string name) =>
        Parameter(name) is { ValueKind: JsonValueKind.String } value
            ? ArmExpression.FromJson(value.GetString()!)
            : throw new InvalidOperationException($"module '{Template.Name}': parameter '{name}' is not a string or expression");
}
