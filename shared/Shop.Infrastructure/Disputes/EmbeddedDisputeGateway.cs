using Shop.Domain.Disputes;
using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Infrastructure.Disputes;

/// <summary>The embedded default beside the simulated gateway: the order from the simulated ledger, and the evidence recorded in the disputes table.</summary>
public sealed class EmbeddedDisputeGateway(SimulatedPaymentLedger ledger, DisputeStore store, TimeProvider time) : IDisputeGateway
{
    public async Task<string?> FindOrderIdAsync(string paymentId, CancellationToken cancellationToken = default) =>
        (await ledger.GetPaymentAsync(paymentId, cancellationToken))?.OrderId;

    public Task SubmitEvidenceAsync(string disputeId, DisputeEvidence evidence, string idempotencyKey, CancellationToken cancellationToken = default) =>
        store.RecordSubmissionAsync(disputeId, evidence, idempotencyKey, time.GetUtcNow(), cancellationToken);
}
