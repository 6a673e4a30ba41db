namespace Shop.LoadTests;

/// <summary>How often each story is drawn, the card it pays with and the end state it calls for.</summary>
internal static class ChaosStories
{
    // Out of 100 orders.
    private static readonly (ChaosStory Story, int Weight)[] Weights =
    [
        (ChaosStory.Deliver, 40),
        (ChaosStory.DeliverAfterOutage, 10),
        (ChaosStory.DeliverAfter3DSecure, 8),
        (ChaosStory.Ship, 14),
        (ChaosStory.CancelConfirmed, 12),
        (ChaosStory.CancelPlaced, 8),
        (ChaosStory.Declined, 8),
    ];

    public static ChaosStory Pick(Random random)
    {
        var draw = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (story, weight) in Weights)
        {
            if (draw < weight)
            {
                return story;
            }

            draw -= weight;
        }

        throw new InvalidOperationException("Unreachable: the draw is below the weights' sum.");
    }

    public static string PaymentMethod(ChaosStory story) => story switch
    {
        ChaosStory.DeliverAfterOutage => "pm_card_transientFailure_2",
        ChaosStory.DeliverAfter3DSecure => "pm_card_authenticationRequired",
        ChaosStory.Declined => "pm_card_chargeDeclined",
        _ => "pm_card_visa",
    };

    /// <summary>The order status the story ends in, as the API spells it.</summary>
    public static string ExpectedEnd(ChaosStory story) => story switch
    {
        ChaosStory.Deliver or ChaosStory.DeliverAfterOutage or ChaosStory.DeliverAfter3DSecure => "delivered",
        ChaosStory.Ship => "shipped",
        ChaosStory.CancelConfirmed or ChaosStory.CancelPlaced => "cancelled",
        ChaosStory.Declined => "payment_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(story), story, null),
    };
}
