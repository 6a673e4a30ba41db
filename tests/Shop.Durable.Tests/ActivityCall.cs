namespace Shop.Durable.Tests;

public sealed record ActivityCall(string Activity, string InstanceId, int TaskId, DateTime At, string? Note);
