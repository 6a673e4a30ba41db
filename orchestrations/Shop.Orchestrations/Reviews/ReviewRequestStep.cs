namespace Shop.Orchestrations.Reviews;

/// <summary>The input of the send step: the order, which email of the sequence (0 the request, 1 and 2 the reminders), and whether it is the last.</summary>
public sealed record ReviewRequestStep(string OrderId, int Number, bool IsFinal);
