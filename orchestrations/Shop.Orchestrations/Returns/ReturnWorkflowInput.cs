namespace Shop.Orchestrations.Returns;

/// <summary>
/// A return's workflow input: the return, whether it is approved without ops, and the waits and retry policy, captured
/// from settings when the return is requested so a settings change never alters a running return's replay.
/// </summary>
public sealed record ReturnWorkflowInput(
    string ReturnId,
    string OrderId,
    bool AutoApprove,
    TimeSpan ApprovalReminder,
    TimeSpan ApprovalTimeout,
    TimeSpan ParcelReminder,
    TimeSpan ParcelTimeout,
    TimeSpan InspectionAlertLead,
    int MaxStepAttempts,
    TimeSpan FirstRetryInterval,
    TimeSpan RetryIntervalCap)
{
    /// <summary>The durable instance id of a return's workflow.</summary>
    public static string InstanceId(string returnId) => "return-" + returnId;
}
