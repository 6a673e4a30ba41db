using DurableTask.Core;
using DurableTask.Core.History;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;

namespace Shop.Durable;

/// <summary>
/// The engine's stored history as Durable Task Framework events, the form <c>DurableTaskClient.GetOrchestrationHistoryAsync</c>
/// returns on every backend. Event ids are the history's sequence numbers; a call's completion points at its task id.
/// </summary>
internal static class CoreHistory
{
    public static CoreHistoryEvent? From(HistoryEvent e, string instanceId)
    {
        var id = e.Sequence;
        var task = e.TaskId ?? -1;
        CoreHistoryEvent? converted = e.EventType switch
        {
            HistoryEventType.OrchestratorStarted => new OrchestratorStartedEvent(id),
            HistoryEventType.ExecutionStarted => new ExecutionStartedEvent(id, e.Input)
            {
                Name = e.Name,
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = e.ExecutionId },
                ParentInstance = e.ParentInstanceId is { } parent
                    ? new ParentInstance { Name = e.ParentName, TaskScheduleId = e.ParentTaskId ?? -1, OrchestrationInstance = new OrchestrationInstance { InstanceId = parent } }
                    : null,
            },
            HistoryEventType.TaskScheduled => new TaskScheduledEvent(task) { Name = e.Name, Input = e.Input },
            HistoryEventType.TaskCompleted => new TaskCompletedEvent(id, task, e.Result),
            HistoryEventType.TaskFailed => new TaskFailedEvent(id, task, e.Failure?.ErrorMessage, null, Details(e.Failure)),
            HistoryEventType.TimerCreated => new TimerCreatedEvent(task, e.FireAt ?? e.Timestamp),
            HistoryEventType.TimerFired => new TimerFiredEvent(id, e.FireAt ?? e.Timestamp) { TimerId = task },
            HistoryEventType.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent(task) { Name = e.Name, InstanceId = e.InstanceId, Input = e.Input },
            HistoryEventType.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent(id, task, e.Result),
            HistoryEventType.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent(id, task, e.Failure?.ErrorMessage, null, Details(e.Failure)),
            HistoryEventType.EventSent => new EventSentEvent(task) { InstanceId = e.InstanceId, Name = e.Name, Input = e.Input },
            HistoryEventType.EventRaised => new EventRaisedEvent(id, e.Input) { Name = e.Name },
            HistoryEventType.ExecutionSuspended => new ExecutionSuspendedEvent(id, e.Reason),
            HistoryEventType.ExecutionResumed => new ExecutionResumedEvent(id, e.Reason),
            HistoryEventType.ExecutionTerminated => new ExecutionTerminatedEvent(id, e.Result),
            HistoryEventType.ExecutionRewound => new ExecutionRewoundEvent(id, e.Reason),
            HistoryEventType.ExecutionCompleted => new ExecutionCompletedEvent(id, e.Result, Status(e.Status), Details(e.Failure)),
            _ => null,
        };
        if (converted is not null)
        {
            converted.Timestamp = DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc);
        }

        return converted;
    }

    private static FailureDetails? Details(FailureRecord? failure) => failure is null
        ? null
        : new FailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, Details(failure.InnerFailure), isNonRetriable: false);

    private static OrchestrationStatus Status(InstanceStatus? status) => status switch
    {
        InstanceStatus.Completed => OrchestrationStatus.Completed,
        InstanceStatus.Terminated => OrchestrationStatus.Terminated,
        InstanceStatus.Running => OrchestrationStatus.Running,
        _ => OrchestrationStatus.Failed,
    };
}
