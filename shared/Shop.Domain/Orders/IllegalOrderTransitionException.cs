namespace Shop.Domain.Orders;

/// <summary>A transition the order's current status does not allow (for example, cancelling a shipped order).</summary>
public sealed class IllegalOrderTransitionException : InvalidOperationException
{
    public IllegalOrderTransitionException()
    {
    }

    public IllegalOrderTransitionException(string message)
        : base(message)
    {
    }

    public IllegalOrderTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IllegalOrderTransitionException(string orderId, OrderStatus from, string transition)
        : base($"Order {orderId} is {from}; it cannot be {transition}.")
    {
        From = from;
    }

    public OrderStatus? From { get; }
}
