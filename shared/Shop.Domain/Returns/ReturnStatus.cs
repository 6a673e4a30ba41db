namespace Shop.Domain.Returns;

/// <summary>
/// Where a return is: requested → approved → awaiting_parcel (label issued) → received → inspected → refunded → closed.
/// A return settled without a parcel goes from requested or approved or awaiting_parcel straight to refunded.
/// Ends: <see cref="Closed"/> (refunded, customer told), <see cref="Rejected"/>, <see cref="Expired"/> (no parcel came).
/// </summary>
public enum ReturnStatus
{
    Requested,
    Approved,
    AwaitingParcel,
    Received,
    Inspected,
    Refunded,
    Closed,
    Rejected,
    Expired,
}
