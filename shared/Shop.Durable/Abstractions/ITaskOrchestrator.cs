namespace Shop.Durable;

/// <summary>The untyped shape of an orchestrator; derive from <see cref="TaskOrchestrator{TInput, TOutput}"/> instead.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}
