using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace Shop.Durable.Core;

/// <summary>
/// Translates between the engine's stored history and the Durable Task protocol's protobuf messages, which is what
/// Microsoft.DurableTask's executor reads (history in) and writes (actions out). Task ids are the protocol's event
/// ids: a scheduled call's <c>EventId</c>, and its completion's <c>TaskScheduledId</c> / <c>TimerId</c>.
/// </summary>
internal static class ProtoHistory
{
    /// <summary>The protobuf form of <paramref name="e"/>, or null for events the executor does not read (a rewind's marker).</summary>
    public static P.HistoryEvent? ToProto(HistoryEvent e, string instanceId)
    {
        var proto = new P.HistoryEvent { EventId = -1, Timestamp = Time(e.Timestamp) };
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                proto.OrchestratorStarted = new P.OrchestratorStartedEvent();
                break;
            case HistoryEventType.ExecutionStarted:
                proto.ExecutionStarted = new P.ExecutionStartedEvent
                {
                    Name = e.Name ?? string.Empty,
                    Input = e.Input,
                    OrchestrationInstance = new P.OrchestrationInstance { InstanceId = instanceId, ExecutionId = e.ExecutionId },
                    ParentInstance = e.ParentInstanceId is { } parentId
                        ? new P.ParentInstanceInfo
                        {
                            Name = e.ParentName,
                            TaskScheduledId = e.ParentTaskId ?? -1,
                            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = parentId },
                        }
                        : null,
                };
                break;
            case HistoryEventType.TaskScheduled:
                proto.EventId = e.TaskId ?? -1;
                proto.TaskScheduled = new P.TaskScheduledEvent { Name = e.Name ?? string.Empty, Input = e.Input };
                break;
            case HistoryEventType.TaskCompleted:
                proto.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = e.TaskId ?? -1, Result = e.Result };
                break;
            case HistoryEventType.TaskFailed:
                proto.TaskFailed = new P.TaskFailedEvent { TaskScheduledId = e.TaskId ?? -1, FailureDetails = ToProto(e.Failure) };
                break;
            case HistoryEventType.TimerCreated:
                proto.EventId = e.TaskId ?? -1;
                proto.TimerCreated = new P.TimerCreatedEvent { FireAt = Time(e.FireAt ?? e.Timestamp) };
                break;
            case HistoryEventType.TimerFired:
                proto.TimerFired = new P.TimerFiredEvent { TimerId = e.TaskId ?? -1, FireAt = Time(e.FireAt ?? e.Timestamp) };
                break;
            case HistoryEventType.SubOrchestrationInstanceCreated:
                proto.EventId = e.TaskId ?? -1;
                proto.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent
                {
                    InstanceId = e.InstanceId ?? string.Empty,
                    Name = e.Name ?? string.Empty,
                    Input = e.Input,
                };
                break;
            case HistoryEventType.SubOrchestrationInstanceCompleted:
                proto.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent { TaskScheduledId = e.TaskId ?? -1, Result = e.Result };
                break;
            case HistoryEventType.SubOrchestrationInstanceFailed:
                proto.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent { TaskScheduledId = e.TaskId ?? -1, FailureDetails = ToProto(e.Failure) };
                break;
            case HistoryEventType.EventSent:
                proto.EventId = e.TaskId ?? -1;
                proto.EventSent = new P.EventSentEvent { InstanceId = e.InstanceId ?? string.Empty, Name = e.Name ?? string.Empty, Input = e.Input };
                break;
            case HistoryEventType.EventRaised:
                proto.EventRaised = new P.EventRaisedEvent { Name = e.Name ?? string.Empty, Input = e.Input };
                break;
            case HistoryEventType.ExecutionSuspended:
                proto.ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = e.Reason };
                break;
            case HistoryEventType.ExecutionResumed:
                proto.ExecutionResumed = new P.ExecutionResumedEvent { Input = e.Reason };
                break;
            case HistoryEventType.ExecutionTerminated:
                proto.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = e.Result };
                break;
            case HistoryEventType.ExecutionCompleted:
                proto.ExecutionCompleted = new P.ExecutionCompletedEvent
                {
                    OrchestrationStatus = ToProto(e.Status ?? InstanceStatus.Failed),
                    Result = e.Result,
                    FailureDetails = e.Failure is null ? null : ToProto(e.Failure),
                };
                break;
            default:
                return null;
        }

        return proto;
    }

    /// <summary>An event carried over by <c>ContinueAsNew</c> (the executor hands back the raised events no one waited for).</summary>
    public static HistoryEvent? FromCarryOver(P.HistoryEvent proto, DateTime now) => proto.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised
        ? new HistoryEvent { EventType = HistoryEventType.EventRaised, Timestamp = now, Name = proto.EventRaised.Name, Input = proto.EventRaised.Input }
        : null;

    public static P.TaskFailureDetails ToProto(FailureRecord? failure)
    {
        failure ??= new FailureRecord("Unknown", "The task failed.");
        return new P.TaskFailureDetails
        {
            ErrorType = failure.ErrorType,
            ErrorMessage = failure.ErrorMessage,
            StackTrace = failure.StackTrace,
            InnerFailure = failure.InnerFailure is { } inner ? ToProto(inner) : null,
        };
    }

    public static FailureRecord? FromProto(P.TaskFailureDetails? failure) => failure is null
        ? null
        : new FailureRecord(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, FromProto(failure.InnerFailure));

    public static InstanceStatus FromProto(P.OrchestrationStatus status) => status switch
    {
        P.OrchestrationStatus.Completed => InstanceStatus.Completed,
        P.OrchestrationStatus.Terminated => InstanceStatus.Terminated,
        P.OrchestrationStatus.Suspended => InstanceStatus.Suspended,
        P.OrchestrationStatus.Pending => InstanceStatus.Pending,
        P.OrchestrationStatus.Running or P.OrchestrationStatus.ContinuedAsNew => InstanceStatus.Running,
        _ => InstanceStatus.Failed,
    };

    private static P.OrchestrationStatus ToProto(InstanceStatus status) => status switch
    {
        InstanceStatus.Completed => P.OrchestrationStatus.Completed,
        InstanceStatus.Terminated => P.OrchestrationStatus.Terminated,
        InstanceStatus.Suspended => P.OrchestrationStatus.Suspended,
        InstanceStatus.Pending => P.OrchestrationStatus.Pending,
        InstanceStatus.Running => P.OrchestrationStatus.Running,
        _ => P.OrchestrationStatus.Failed,
    };

    private static Timestamp Time(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
