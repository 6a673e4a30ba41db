using System.Text.Json;
using DurableTask.Core.History;

namespace Shop.Functions.Instances;

/// <summary>
/// One event of an instance's history, as the Durable Task Framework records it on every backend. A scheduled call's
/// <see cref="EventId"/> is its task id; its completion names that id in <see cref="TaskId"/>.
/// </summary>
public sealed record InstanceHistoryEventResponse(
    int EventId,
    EventType EventType,
    DateTime Timestamp,
    int? TaskId,
    string? Name,
    JsonElement? Input,
    JsonElement? Result,
    InstanceFailureResponse? Failure,
    DateTime? FireAt,
    string? InstanceId,
    string? Status)
{
    internal static InstanceHistoryEventResponse From(HistoryEvent e)
    {
        var view = new InstanceHistoryEventResponse(e.EventId, e.EventType, e.Timestamp, null, null, null, null, null, null, null, null);
        return e switch
        {
            ExecutionStartedEvent started => view with { Name = started.Name, Input = JsonText.Parse(started.Input), InstanceId = started.ParentInstance?.OrchestrationInstance?.InstanceId },
            TaskScheduledEvent scheduled => view with { TaskId = scheduled.EventId, Name = scheduled.Name, Input = JsonText.Parse(scheduled.Input) },
            TaskCompletedEvent completed => view with { TaskId = completed.TaskScheduledId, Result = JsonText.Parse(completed.Result) },
            TaskFailedEvent failed => view with { TaskId = failed.TaskScheduledId, Failure = InstanceFailureResponse.From(failed.FailureDetails) },
            TimerCreatedEvent timer => view with { TaskId = timer.EventId, FireAt = timer.FireAt },
            TimerFiredEvent fired => view with { TaskId = fired.TimerId, FireAt = fired.FireAt },
            SubOrchestrationInstanceCreatedEvent created => view with { TaskId = created.EventId, Name = created.Name, Input = JsonText.Parse(created.Input), InstanceId = created.InstanceId },
            SubOrchestrationInstanceCompletedEvent completed => view with { TaskId = completed.TaskScheduledId, Result = JsonText.Parse(completed.Result) },
            SubOrchestrationInstanceFailedEvent failed => view with { TaskId = failed.TaskScheduledId, Failure = InstanceFailureResponse.From(failed.FailureDetails) },
            EventSentEvent sent => view with { TaskId = sent.EventId, Name = sent.Name, Input = JsonText.Parse(sent.Input), InstanceId = sent.InstanceId },
            EventRaisedEvent raised => view with { Name = raised.Name, Input = JsonText.Parse(raised.Input) },
            ExecutionSuspendedEvent suspended => view with { Input = JsonText.Parse(suspended.Reason) },
            ExecutionResumedEvent resumed => view with { Input = JsonText.Parse(resumed.Reason) },
            ExecutionTerminatedEvent terminated => view with { Input = JsonText.Parse(terminated.Input) },
            ExecutionRewoundEvent rewound => view with { Input = JsonText.Parse(rewound.Reason) },
            ExecutionCompletedEvent done => view with { Result = JsonText.Parse(done.Result), Status = done.OrchestrationStatus.ToString(), Failure = InstanceFailureResponse.From(done.FailureDetails) },
            _ => view,
        };
    }
}
