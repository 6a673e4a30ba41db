namespace Shop.Durable;

/// <summary>The orchestration that started this one as a sub-orchestration.</summary>
public sealed record ParentOrchestrationInstance(TaskName Name, string InstanceId);
