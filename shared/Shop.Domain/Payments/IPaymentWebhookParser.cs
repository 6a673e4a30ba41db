namespace Shop.Domain.Payments;

/// <summary>Turns a provider webhook (the raw body and its signature header) into a typed <see cref="PaymentEvent"/>.</summary>
public interface IPaymentWebhookParser
{
    /// <summary>
    /// Verifies the signature over the raw <paramref name="payload"/> and parses it. Returns null for a verified event
    /// of a type the shop does not act on. Throws <see cref="PaymentWebhookSignatureException"/> when the signature is
    /// missing, forged, stale or does not match the body.
    /// </summary>
    PaymentEvent? Parse(string payload, string? signatureHeader);
}
