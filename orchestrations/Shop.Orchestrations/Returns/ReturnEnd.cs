namespace Shop.Orchestrations.Returns;

/// <summary>How a return's workflow ended.</summary>
public enum ReturnEnd
{
    Refunded,
    Rejected,
    Expired,
}
