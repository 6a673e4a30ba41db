namespace Shop.Durable.Tests;

/// <summary>Fails every time, noting each attempt.</summary>
public sealed class AlwaysFails(CallLog calls) : TaskActivity<string?, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string? input)
    {
        calls.Add(nameof(AlwaysFails), context.InstanceId, context.TaskId);
        throw new InvalidOperationException($"boom at task {context.TaskId}");
    }
}
