using Microsoft.Extensions.DependencyInjection;
using Azure;
using Shop.Domain.Email;
using Shop.Domain.Payments;
using Microsoft.DurableTask;
using Shop.Durable;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// The order orchestration's activities, by name. Each one resolves <see cref="OrderSteps"/> from the invocation's
/// services and runs one idempotent step.
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
    public const string FailPayment = "FailPayment";
    public const string Confirm = "ConfirmOrder";
    public const string NotifyDelay = "NotifyShipmentDelay";
    public const string AlertOps = "AlertOps";
    public const string Cancel = "CancelOrder";
    public const string ConvertStock = "ConvertStock";
    public const string MarkShipped = "MarkShipped";
    public const string Track = "TrackShipment";

    /// <summary>Registers the order orchestrator and its activities.</summary>
    public static DurableTaskRegistry AddOrderWorkflow(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<OrderOrchestrator>()
            .AddServiceActivity<ValidateStep, ValidationOutcome>(Validate, (s, _, step) => Steps(s).ValidateAsync(step.OrderId, step.ExpectedTotalMinor))
            .AddServiceActivity<RejectStep, bool>(Reject, (s, _, step) => Done(Steps(s).RejectAsync(step)))
            .AddServiceActivity<string, HoldOutcome>(HoldStock, (s, _, id) => Steps(s).HoldStockAsync(id))
            .AddServiceActivity<string, bool>(ReleaseStock, (s, _, id) => Done(Steps(s).ReleaseStockAsync(id)))
            .AddServiceActivity<AuthorizeStep, PaymentOutcome>(Authorize, (s, _, step) => Steps(s).AuthorizeAsync(step))
            .AddServiceActivity<OrderStep, bool>(Void, (s, _, step) => Done(Steps(s).VoidAsync(step)))
            .AddServiceActivity<OrderStep, bool>(Capture, (s, _, step) => Done(Steps(s).CaptureAsync(step)))
            .AddServiceActivity<OrderStep, bool>(FailPayment, (s, _, step) => Done(Steps(s).FailPaymentAsync(step)))
            .AddServiceActivity<OrderStep, bool>(Confirm, (s, _, step) => Done(Steps(s).ConfirmAsync(step)))
            .AddServiceActivity<string, bool>(NotifyDelay, (s, _, id) => Done(Steps(s).NotifyDelayAsync(id)))
            .AddServiceActivity<OrderStep, bool>(AlertOps, (s, _, step) => Done(Steps(s).AlertOpsAsync(step)))
            .AddServiceActivity<OrderStep, bool>(Cancel, (s, _, step) => Done(Steps(s).CancelAsync(step)))
            .AddServiceActivity<string, bool>(ConvertStock, (s, _, id) => Done(Steps(s).ConvertStockAsync(id)))
            .AddServiceActivity<ShipStep, bool>(MarkShipped, (s, _, step) => Done(Steps(s).MarkShippedAsync(step)))
            .AddServiceActivity<TrackStep, bool>(Track, (s, _, step) => Steps(s).TrackAsync(step));
    }

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

    private static OrderSteps Steps(IServiceProvider services) => services.GetRequiredService<OrderSteps>();

    private static async Task<bool> Done(Task step)
    {
        await step;
        return true;
    }
}
