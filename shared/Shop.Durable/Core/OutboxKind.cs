namespace Shop.Durable.Core;

/// <summary>What an outbox entry asks for once its episode is committed.</summary>
internal enum OutboxKind
{
    Activity,
    Timer,
    SubOrchestration,
    SendEvent,
    NotifyParent,
}
