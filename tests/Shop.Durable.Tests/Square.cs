namespace Shop.Durable.Tests;

/// <summary>Squares its input, noting each run.</summary>
public sealed class Square(CallLog calls) : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        calls.Add(nameof(Square), context.InstanceId, ((EmbeddedActivityContext)context).TaskId, input.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(input * input);
    }
}
