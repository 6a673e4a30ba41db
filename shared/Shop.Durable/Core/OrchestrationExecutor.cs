using Google.Protobuf;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Shop.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Shop.Durable.Core;

/// <summary>
/// Runs one execution of an orchestrator through Microsoft.DurableTask's own executor
/// (<see cref="GrpcOrchestrationRunner"/>, the path the isolated worker takes for every Durable Functions episode):
/// the recorded history goes in as protobuf past events, the episode's events as new events, and the actions the
/// orchestrator takes (activities, timers, sub-orchestrations, events sent, completion) come back. Replay and
/// determinism rules are therefore Microsoft's. The instance's actor drives it from one thread at a time and keeps it
/// between episodes, so the history is not reloaded from storage at every step.
/// </summary>
internal sealed class OrchestrationExecutor
{
    private readonly string _instanceId;
    private readonly IDurableTaskFactory _tasks;
    private readonly IServiceProvider _services;
    private readonly List<HistoryEvent> _past = [];
    private readonly Dictionary<int, HistoryEvent> _open = [];
    private string? _executionId;
    private string? _name;
    private int _unrun;

    public OrchestrationExecutor(string instanceId, IDurableTaskFactory tasks, IServiceProvider services)
    {
        _instanceId = instanceId;
        _tasks = tasks;
        _services = services;
    }

    /// <summary>Set once the execution has ended (or continued as new).</summary>
    public ExecutionOutcome? Outcome { get; private set; }

    public bool IsSuspended { get; private set; }

    /// <summary>The custom status as JSON, as the orchestrator last set it.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>The scheduled calls still waiting for their outcome.</summary>
    public IEnumerable<HistoryEvent> OpenTasks => _open.Values;

    /// <summary>True when a completion of <paramref name="completionType"/> for <paramref name="taskId"/> is awaited.</summary>
    public bool IsOpen(HistoryEventType completionType, int taskId) =>
        _open.TryGetValue(taskId, out var scheduled) && Completes(scheduled.EventType, completionType);

    /// <summary>Takes the recorded history of the execution (events a rewind set aside are left out).</summary>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        var rewound = history
            .Where(e => e.EventType == HistoryEventType.ExecutionRewound && e.Rewound is not null)
            .SelectMany(e => e.Rewound!)
            .ToHashSet();
        foreach (var e in history)
        {
            if (!rewound.Contains(e.Sequence))
            {
                Record(e);
            }
        }
    }

    /// <summary>
    /// Runs the orchestrator over the history and <paramref name="incoming"/>, and returns the actions it took (its
    /// completion included). With no events (a rewind) it runs over the history alone.
    /// </summary>
    public List<HistoryEvent> Apply(IReadOnlyList<HistoryEvent> incoming)
    {
        var now = incoming.LastOrDefault(e => e.EventType == HistoryEventType.OrchestratorStarted)?.Timestamp
            ?? _past.LastOrDefault(e => e.EventType == HistoryEventType.OrchestratorStarted)?.Timestamp
            ?? DateTime.UtcNow;
        foreach (var e in incoming)
        {
            Record(e);
            _unrun++;
        }

        // Finished (terminated, failed by the engine), suspended (events wait until it resumes), or nothing new
        // happened: the orchestrator code does not run.
        if (Outcome is not null || IsSuspended || (incoming.Count > 0 && incoming.All(e => e.EventType == HistoryEventType.OrchestratorStarted)))
        {
            return [];
        }

        return Run(now);
    }

    private List<HistoryEvent> Run(DateTime now)
    {
        var actions = new List<HistoryEvent>();
        if (_name is null || !_tasks.TryCreateOrchestrator(new TaskName(_name), _services, out var orchestrator))
        {
            return Finish(actions, new ExecutionOutcome(
                InstanceStatus.Failed,
                Failure: new FailureRecord("OrchestratorNotFound", $"No orchestrator named '{_name}' is registered in this app.")),
                now);
        }

        // The orchestrator's own exceptions come back as a failed completion. An exception thrown here is the host's
        // (a service provider being disposed at shutdown, say): the episode fails and its messages are retried.
        var request = new P.OrchestratorRequest { InstanceId = _instanceId, ExecutionId = _executionId };
        var fresh = _unrun;
        request.PastEvents.AddRange(Protos(_past.Take(_past.Count - fresh)));
        request.NewEvents.AddRange(Protos(_past.Skip(_past.Count - fresh)));
        var encoded = GrpcOrchestrationRunner.LoadAndRun(request.ToByteString().ToBase64(), orchestrator, _services);
        var response = P.OrchestratorResponse.Parser.ParseFrom(ByteString.FromBase64(encoded));
        _unrun = 0;
        CustomStatus = response.CustomStatus;
        foreach (var action in response.Actions)
        {
            switch (action.OrchestratorActionTypeCase)
            {
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    actions.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.TaskScheduled,
                        TaskId = action.Id,
                        Name = action.ScheduleTask.Name,
                        Input = action.ScheduleTask.Input,
                        Timestamp = now,
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    actions.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.TimerCreated,
                        TaskId = action.Id,
                        FireAt = action.CreateTimer.FireAt.ToDateTime(),
                        Timestamp = now,
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                    var instanceId = string.IsNullOrEmpty(action.CreateSubOrchestration.InstanceId) ? $"{_instanceId}:{action.Id}" : action.CreateSubOrchestration.InstanceId;
                    StorageLimits.ValidateInstanceId(instanceId);
                    actions.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.SubOrchestrationInstanceCreated,
                        TaskId = action.Id,
                        Name = action.CreateSubOrchestration.Name,
                        InstanceId = instanceId,
                        Input = action.CreateSubOrchestration.Input,
                        Timestamp = now,
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                    StorageLimits.ValidateInstanceId(action.SendEvent.Instance.InstanceId);
                    actions.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.EventSent,
                        TaskId = action.Id,
                        InstanceId = action.SendEvent.Instance.InstanceId,
                        Name = action.SendEvent.Name,
                        Input = action.SendEvent.Data,
                        Timestamp = now,
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    var complete = action.CompleteOrchestration;
                    if (complete.OrchestrationStatus == P.OrchestrationStatus.ContinuedAsNew)
                    {
                        foreach (var e in actions)
                        {
                            Record(e);
                        }

                        Outcome = new ExecutionOutcome(InstanceStatus.Running, complete.Result)
                        {
                            ContinueAsNew = true,
                            CarryOver = complete.CarryoverEvents.Select(c => ProtoHistory.FromCarryOver(c, now)).OfType<HistoryEvent>().ToList(),
                        };
                        return actions;
                    }

                    var status = ProtoHistory.FromProto(complete.OrchestrationStatus);
                    return Finish(actions, new ExecutionOutcome(status, complete.Result, status == InstanceStatus.Failed ? ProtoHistory.FromProto(complete.FailureDetails) : null), now);
                default:
                    return Finish(actions, new ExecutionOutcome(
                        InstanceStatus.Failed,
                        Failure: new FailureRecord("NotSupported", $"The embedded backend does not run '{action.OrchestratorActionTypeCase}' actions.")),
                        now);
            }
        }

        foreach (var e in actions)
        {
            Record(e);
        }

        return actions;
    }

    private List<HistoryEvent> Finish(List<HistoryEvent> actions, ExecutionOutcome outcome, DateTime now)
    {
        actions.Add(new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionCompleted,
            Status = outcome.Status,
            Result = outcome.Output,
            Failure = outcome.Failure,
            Timestamp = now,
        });
        foreach (var e in actions)
        {
            Record(e);
        }

        Outcome = outcome;
        return actions;
    }

    private IEnumerable<P.HistoryEvent> Protos(IEnumerable<HistoryEvent> events) =>
        events.Select(e => ProtoHistory.ToProto(e, _instanceId)).OfType<P.HistoryEvent>();

    /// <summary>Keeps <paramref name="e"/> in the history and follows what it changes: open calls, suspension, the end.</summary>
    private void Record(HistoryEvent e)
    {
        _past.Add(e);
        switch (e.EventType)
        {
            case HistoryEventType.ExecutionStarted:
                _name = e.Name;
                _executionId = e.ExecutionId;
                break;
            case HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationInstanceCreated:
                _open[e.TaskId ?? -1] = e;
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired
                or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed:
                if (_open.TryGetValue(e.TaskId ?? -1, out var scheduled) && Completes(scheduled.EventType, e.EventType))
                {
                    _open.Remove(e.TaskId ?? -1);
                }

                break;
            case HistoryEventType.ExecutionSuspended:
                IsSuspended = Outcome is null;
                break;
            case HistoryEventType.ExecutionResumed:
                IsSuspended = false;
                break;
            case HistoryEventType.ExecutionTerminated:
                Outcome ??= new ExecutionOutcome(InstanceStatus.Terminated, e.Result);
                IsSuspended = false;
                break;
            case HistoryEventType.ExecutionCompleted:
                // Recorded by the executor, or forced by the engine (poison, a failed replay): the history wins.
                Outcome = new ExecutionOutcome(e.Status ?? InstanceStatus.Failed, e.Result, e.Failure);
                IsSuspended = false;
                break;
        }
    }

    private static bool Completes(HistoryEventType scheduled, HistoryEventType completion) => scheduled switch
    {
        HistoryEventType.TaskScheduled => completion is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed,
        HistoryEventType.TimerCreated => completion is HistoryEventType.TimerFired,
        HistoryEventType.SubOrchestrationInstanceCreated => completion is HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed,
        _ => false,
    };
}
