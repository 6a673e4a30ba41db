namespace Shop.Domain.Orders;

/// <summary>How the money of a shipped order whose capture failed (an authorization that lapsed, say) is recovered.</summary>
public enum PaymentRecovery
{
    /// <summary>A new authorization on the customer's payment method was captured: the money is in.</summary>
    Reauthorized,

    /// <summary>Re-authorizing failed too: the amount is owed, and handed to collections (ops were alerted).</summary>
    Collections,
}
