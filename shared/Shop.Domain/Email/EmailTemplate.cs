namespace Shop.Domain.Email;

/// <summary>Every message the shop sends. Each has one model type (see <see cref="EmailTemplates"/>).</summary>
public enum EmailTemplate
{
    OrderConfirmed,
    PaymentFailed,
    OrderRejected,
    Shipped,
    OutForDelivery,
    Delivered,
    ShipmentDelayed,
    OrderCancelled,
    RefundIssued,
    ReturnReceived,
    ReviewRequest,
    AbandonedCart,
    ReorderPointAlert,
    StuckOrderAlert,
    AnomalyAlert,
    WeeklyMetrics,
    ReturnRequested,
    ReturnRejected,
    OpsAlert,
}
