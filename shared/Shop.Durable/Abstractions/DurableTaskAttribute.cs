namespace Shop.Durable;

/// <summary>Gives an orchestrator or activity class a registration name other than its type name.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DurableTaskAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
