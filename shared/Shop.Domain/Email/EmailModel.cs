using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>
/// The values of one message. Each concrete model belongs to exactly one <see cref="EmailTemplate"/>; every
/// value a template shows must be present (null or blank values fail rendering, unless the template marks the
/// section optional). Serializable as JSON with a <c>template</c> discriminator, so it can travel as activity input.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "template")]
[JsonDerivedType(typeof(OrderConfirmedEmail), nameof(EmailTemplate.OrderConfirmed))]
[JsonDerivedType(typeof(PaymentFailedEmail), nameof(EmailTemplate.PaymentFailed))]
[JsonDerivedType(typeof(OrderRejectedEmail), nameof(EmailTemplate.OrderRejected))]
[JsonDerivedType(typeof(ShippedEmail), nameof(EmailTemplate.Shipped))]
[JsonDerivedType(typeof(OutForDeliveryEmail), nameof(EmailTemplate.OutForDelivery))]
[JsonDerivedType(typeof(DeliveredEmail), nameof(EmailTemplate.Delivered))]
[JsonDerivedType(typeof(ShipmentDelayedEmail), nameof(EmailTemplate.ShipmentDelayed))]
[JsonDerivedType(typeof(OrderCancelledEmail), nameof(EmailTemplate.OrderCancelled))]
[JsonDerivedType(typeof(RefundIssuedEmail), nameof(EmailTemplate.RefundIssued))]
[JsonDerivedType(typeof(ReturnReceivedEmail), nameof(EmailTemplate.ReturnReceived))]
[JsonDerivedType(typeof(ReviewRequestEmail), nameof(EmailTemplate.ReviewRequest))]
[JsonDerivedType(typeof(AbandonedCartEmail), nameof(EmailTemplate.AbandonedCart))]
[JsonDerivedType(typeof(ReorderPointAlertEmail), nameof(EmailTemplate.ReorderPointAlert))]
[JsonDerivedType(typeof(StuckOrderAlertEmail), nameof(EmailTemplate.StuckOrderAlert))]
[JsonDerivedType(typeof(AnomalyAlertEmail), nameof(EmailTemplate.AnomalyAlert))]
[JsonDerivedType(typeof(WeeklyMetricsEmail), nameof(EmailTemplate.WeeklyMetrics))]
[JsonDerivedType(typeof(ReturnRequestedEmail), nameof(EmailTemplate.ReturnRequested))]
[JsonDerivedType(typeof(ReturnRejectedEmail), nameof(EmailTemplate.ReturnRejected))]
[JsonDerivedType(typeof(OpsAlertEmail), nameof(EmailTemplate.OpsAlert))]
public abstract record EmailModel
{
    /// <summary>The template this model fills.</summary>
    [JsonIgnore]
    public EmailTemplate Template => TemplateCore;

    /// <summary>The order the message is about, if any (outbox filtering, logs).</summary>
    [JsonIgnore]
    public virtual string? OrderReference => null;

    /// <summary>The template of the concrete model (not serialized: the <c>template</c> discriminator carries it).</summary>
    protected abstract EmailTemplate TemplateCore { get; }
}
