namespace Shop.Orchestrations.Reviews;

/// <summary>How a review-request sequence ended: how many emails it sent, and why it stopped (null: it sent them all).</summary>
public sealed record ReviewRequestEnd(int Sent, string? StoppedBecause);
