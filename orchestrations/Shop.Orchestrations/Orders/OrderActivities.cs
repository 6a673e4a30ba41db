using Microsoft.Extensions.DependencyInjection;
using Azure;
using Shop.Domain.Email;
using Shop.Domain.Payments;
using Microsoft.DurableTask;
using Shop.Durable;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// The order orchestration's activities, by name (the <c>[ActivityTrigger]</c> functions of <c>OrderWorkflowFunctions</c>;
/// each runs one idempotent step of <see cref="OrderSteps"/>), and which of their failures are worth retrying.
/// </summary>
public static class OrderActivities
{
    public const string Validate = "ValidateOrder";
    public const string Reject = "RejectOrder";
    public const string HoldStock = "HoldStock";
    public const string ReleaseStock = "ReleaseStock";
    public const string Authorize = "AuthorizePayment";
    public const string Void = "VoidPayment";
    public const string Capture = "CapturePayment";
    public const string RecordPaymentRecovery = "RecordPaymentRecovery";
    public const string FailPayment = "FailPayment";
    public const string Confirm = "ConfirmOrder";
    public const string StartPicking = "MarkPicking";
    public const string NotifyDelay = "NotifyShipmentDelay";
    public const string AlertOps = "AlertOps";
    public const string Cancel = "CancelOrderStep";
    public const string ConvertStock = "ConvertStock";
    public const string MarkShipped = "MarkShipped";
    public const string Track = "TrackShipment";

    /// <summary>The failures worth retrying: payment and email provider hiccups, storage and network errors.</summary>
    /// <remarks>The failure's inner failures count too (an exception wrapped by another).</remarks>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (TaskFailureDetails? cause = failure; cause is not null; cause = cause.InnerFailure)
        {
            if (cause.IsCausedBy<PaymentTransientException>()
                || cause.IsCausedBy<EmailTransientException>()
                || cause.IsCausedBy<RequestFailedException>()
                || cause.IsCausedBy<HttpRequestException>()
                || cause.IsCausedBy<TimeoutException>())
            {
                return true;
            }
        }

        return false;
    }
}
