namespace Shop.Durable;

/// <summary>
/// Thrown into the orchestrator when an activity or sub-orchestration failed for good (after its retries).
/// <see cref="FailureDetails"/> carries the original exception's type, message and stack.
/// </summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException()
        : this("A task failed.")
    {
    }

    public TaskFailedException(string message)
        : base(message)
    {
        TaskName = new TaskName("unknown");
        FailureDetails = new TaskFailureDetails(nameof(Exception), message);
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = new TaskName("unknown");
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    public TaskFailedException(TaskName taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or orchestrator that failed.</summary>
    public TaskName TaskName { get; }

    /// <summary>The failed call's task id.</summary>
    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}
