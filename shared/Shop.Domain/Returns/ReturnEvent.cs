namespace Shop.Domain.Returns;

/// <summary>One step of a return's timeline.</summary>
public sealed record ReturnEvent(string Step, DateTimeOffset At, string? Detail = null);
