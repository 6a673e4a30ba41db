namespace Shop.Functions.Health;

/// <summary>The health answer.</summary>
public sealed record HealthReport(string Status, string Storage);
