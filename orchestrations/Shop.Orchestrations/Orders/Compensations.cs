namespace Shop.Orchestrations.Orders;

/// <summary>
/// Undo steps of an orchestration, registered before the step each one undoes and run last in, first out.
/// Running them twice runs each once.
/// </summary>
public sealed class Compensations
{
    private readonly Stack<Func<Task>> _steps = new();

    public void Add(Func<Task> compensation)
    {
        ArgumentNullException.ThrowIfNull(compensation);
        _steps.Push(compensation);
    }

    public async Task RunAsync()
    {
        while (_steps.TryPop(out var step))
        {
            await step();
        }
    }
}
