namespace Shop.Durable.Tests;

/// <summary>Fails every time, noting each attempt.</summary>
public sealed class AlwaysFails(CallLog calls) : TaskActivity<string?, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string? input)
    {
        calls.Add(nameof(AlwaysFails), context.InstanceId, ((EmbeddedActivityContext)context).TaskId);
        throw new InvalidOperationException($"boom at task {((EmbeddedActivityContext)context).TaskId}");
    }
}
