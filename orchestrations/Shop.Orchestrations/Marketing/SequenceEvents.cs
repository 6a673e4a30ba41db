namespace Shop.Orchestrations.Marketing;

/// <summary>
/// The events every marketing email sequence (review requests, abandoned-cart reminders) takes. <see cref="Stop"/> ends
/// it at once, whatever its payload (a contract: the returns workflow raises it with "return" on an order's review
/// requests); <see cref="SendNow"/> (ops, tests) sends the next email without waiting for its time.
/// </summary>
public static class SequenceEvents
{
    public const string Stop = "Stop";
    public const string SendNow = "SendNow";
}
