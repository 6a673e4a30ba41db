namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>A simulated payment's status, named as Stripe names a PaymentIntent's.</summary>
public static class SimulatedPaymentStatus
{
    public const string RequiresAction = "requires_action";
    public const string RequiresCapture = "requires_capture";
    public const string RequiresPaymentMethod = "requires_payment_method";
    public const string Succeeded = "succeeded";
    public const string Canceled = "canceled";
}
