namespace Shop.Domain.Payments;

/// <summary>Why money is returned (Stripe's refund reasons).</summary>
public enum RefundReason
{
    RequestedByCustomer,
    Duplicate,
    Fraudulent,
}
