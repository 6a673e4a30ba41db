namespace Shop.Durable.Tests;

/// <summary>A class-based activity with constructor injection.</summary>
public sealed class SayHello(CallLog calls) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        calls.Add(nameof(SayHello), context.InstanceId, ((EmbeddedActivityContext)context).TaskId, input);
        return Task.FromResult($"Hello {input}!");
    }
}
