namespace Shop.LoadTests;

/// <summary>What a shopper of the chaos run does with an order, drawn per order (see <see cref="ChaosStories"/>).</summary>
internal enum ChaosStory
{
    /// <summary>Paid by card, shipped by ops, reported delivered by the carrier (half of them out for delivery first).</summary>
    Deliver,

    /// <summary>As <see cref="Deliver"/>, but the payment provider fails twice first (<c>pm_card_transientFailure_2</c>): the order sits in its retry back-off.</summary>
    DeliverAfterOutage,

    /// <summary>As <see cref="Deliver"/>, but the card asks for 3-D Secure, which the shopper completes (a payment event into the workflow).</summary>
    DeliverAfter3DSecure,

    /// <summary>Shipped by ops and left in transit: the order ends shipped.</summary>
    Ship,

    /// <summary>Cancelled by the shopper once it is confirmed.</summary>
    CancelConfirmed,

    /// <summary>Cancelled by the shopper as soon as checkout answers, while validation, the stock hold and payment run.</summary>
    CancelPlaced,

    /// <summary>The card is declined (<c>pm_card_chargeDeclined</c>): the order ends payment_failed.</summary>
    Declined,
}
