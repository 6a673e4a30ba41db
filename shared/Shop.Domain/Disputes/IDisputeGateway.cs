namespace Shop.Domain.Disputes;

/// <summary>The payment provider's side of chargebacks: which order a disputed payment was for, and the evidence submitted.</summary>
public interface IDisputeGateway
{
    /// <summary>The order the payment was made for (its metadata), or null when the provider does not know one.</summary>
    Task<string?> FindOrderIdAsync(string paymentId, CancellationToken cancellationToken = default);

    /// <summary>Submits the evidence for the dispute (final: the bank decides on it), once per idempotency key.</summary>
    Task SubmitEvidenceAsync(string disputeId, DisputeEvidence evidence, string idempotencyKey, CancellationToken cancellationToken = default);
}
