namespace Shop.Durable;

/// <summary>
/// The name of an orchestrator or activity. Names compare case-insensitively, as in the Durable Task Framework.
/// A string converts to a <see cref="TaskName"/> implicitly, so <c>CallActivityAsync("SayHello")</c> and
/// <c>CallActivityAsync(nameof(SayHello))</c> both work.
/// </summary>
public readonly struct TaskName : IEquatable<TaskName>
{
    private readonly string? _name;

    public TaskName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    /// <summary>The name as registered.</summary>
    public string Name => _name ?? string.Empty;

    public static implicit operator TaskName(string name) => new(name);

    public static bool operator ==(TaskName left, TaskName right) => left.Equals(right);

    public static bool operator !=(TaskName left, TaskName right) => !left.Equals(right);

    /// <summary>The same as the implicit conversion from <see cref="string"/>.</summary>
    public static TaskName FromString(string name) => new(name);

    /// <summary>The name of a type registered without a <see cref="DurableTaskAttribute"/>: the type's own name.</summary>
    public static TaskName FromType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var attribute = (DurableTaskAttribute?)Attribute.GetCustomAttribute(type, typeof(DurableTaskAttribute));
        return new TaskName(attribute?.Name ?? type.Name);
    }

    public bool Equals(TaskName other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is TaskName other && Equals(other);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    public override string ToString() => Name;
}
