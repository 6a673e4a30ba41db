namespace Shop.Orchestrations.Returns;

/// <summary>
/// The return workflow's activities by name (the <c>[ActivityTrigger]</c> functions of <c>ReturnWorkflowFunctions</c>;
/// each runs one idempotent step of <see cref="ReturnSteps"/>). Transient failures are those of the order workflow
/// (<see cref="Orders.OrderActivities.IsTransient"/>).
/// </summary>
public static class ReturnActivities
{
    /// <summary>The moment a return is requested (one step: a metric counter belongs here).</summary>
    public const string Requested = "ReturnRequested";
    public const string StopReviewRequests = "StopReviewRequests";
    public const string Approve = "MarkReturnApproved";
    public const string Reject = "MarkReturnRejected";
    public const string Settle = "MarkReturnSettled";
    public const string IssueLabel = "IssueReturnLabel";
    public const string RemindParcel = "RemindReturnParcel";
    public const string Expire = "MarkReturnExpired";
    public const string MarkReceived = "MarkReturnReceived";
    public const string Inspect = "MarkReturnInspected";

    /// <summary>The moment a return is refunded (one step: a metric counter belongs here).</summary>
    public const string Refund = "IssueReturnRefund";
    public const string Close = "MarkReturnClosed";
    public const string AlertOps = "AlertOpsOfReturn";
}
