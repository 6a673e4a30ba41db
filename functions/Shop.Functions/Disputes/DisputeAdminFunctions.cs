using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Domain.Disputes;
using Shop.Functions.Catalog;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Disputes;

namespace Shop.Functions.Disputes;

/// <summary>Ops on chargebacks: one dispute with its order, the evidence submitted and the outcome (its workflow: /api/admin/instances/dispute-{disputeId}).</summary>
public sealed class DisputeAdminFunctions(DisputeStore disputes)
{
    [Function("GetDispute")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Gets a chargeback: its payment and order, amount and reason, the evidence submitted, and the outcome.")]
    [Tags("Admin: disputes")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<DisputeView>> GetDisputeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/disputes/{disputeId}")] HttpRequest request,
        string disputeId,
        CancellationToken cancellationToken)
    {
        Dispute? dispute;
        try
        {
            dispute = await disputes.GetAsync(disputeId, cancellationToken);
        }
        catch (ArgumentException)
        {
            dispute = null;
        }

        var found = dispute ?? throw ProblemException.NotFound("No dispute has this id.");
        return TypedResults.Ok(new DisputeView(found.DisputeId, found.PaymentId, found.OrderId, MoneyDto.From(found.Amount), found.Reason, found.Status, found.OpenedAt, found.EvidenceDueBy, found.Evidence, found.EvidenceSubmittedAt, found.ClosedAt));
    }
}

/// <summary>A chargeback as ops see it.</summary>
public sealed record DisputeView(
    string DisputeId,
    string PaymentId,
    string? OrderId,
    MoneyDto Amount,
    string Reason,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EvidenceDueBy,
    DisputeEvidence? Evidence,
    DateTimeOffset? EvidenceSubmittedAt,
    DateTimeOffset? ClosedAt);
