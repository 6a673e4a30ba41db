namespace Shop.Orchestrations.Marketing;

/// <summary>How a cart's reminder sequence ended: how many reminders it sent, and why it stopped (null: it sent both).</summary>
public sealed record AbandonedCartEnd(int Sent, string? StoppedBecause);
