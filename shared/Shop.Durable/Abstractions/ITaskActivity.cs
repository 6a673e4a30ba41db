namespace Shop.Durable;

/// <summary>The untyped shape of an activity; derive from <see cref="TaskActivity{TInput, TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}
