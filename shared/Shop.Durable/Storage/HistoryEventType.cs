namespace Shop.Durable;

/// <summary>The kinds of events in an orchestration's history (the Durable Task Framework's names).</summary>
internal enum HistoryEventType
{
    ExecutionStarted = 0,
    OrchestratorStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    SubOrchestrationInstanceCreated,
    SubOrchestrationInstanceCompleted,
    SubOrchestrationInstanceFailed,
    EventSent,
    EventRaised,
    ExecutionSuspended,
    ExecutionResumed,
    ExecutionTerminated,
    ExecutionRewound,
    ExecutionCompleted,
}
