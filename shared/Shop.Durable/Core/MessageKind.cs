namespace Shop.Durable.Core;

/// <summary>What a message asks of an instance.</summary>
internal enum MessageKind
{
    Start,
    ActivityResult,
    TimerFired,
    SubOrchestrationResult,
    EventRaised,
    Terminate,
    Suspend,
    Resume,
    Rewind,
    Fail,
    Recover,
    Cleanup,
    RunActivity,
}
