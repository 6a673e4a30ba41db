using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Shop.Domain.Returns;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Returns;
using Shop.Orchestrations.Returns;

namespace Shop.Functions.Returns;

/// <summary>
/// Ops on returns: the returns in a status (a key range of the status index, never a scan), one return, and the actions
/// that move its workflow: approve, reject, receive, inspect, refund (settle without a parcel). Each action is checked
/// against the return's state (409 otherwise) and answers with the workflow's decision (200), or 202 when the workflow
/// has not acted within 5 seconds.
/// </summary>
public sealed class ReturnAdminFunctions(ReturnStore returns, ReturnService service, ReturnPhotoStore photos)
{
    public const string Tag = "Admin: returns";

    [Function("ListReturns")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Lists returns in a status, oldest first (requested by default: those awaiting approval).")]
    [Tags(Tag)]
    [QueryParameter("status", "requested (default), approved, awaiting_parcel, received, inspected, refunded, closed, rejected or expired.")]
    [QueryParameter("top", "At most this many, 1 to 500 (default 100).", Type = typeof(int))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<IReadOnlyList<ReturnView>>> ListReturnsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/returns")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var text = QueryValues.Text(request, "status");
        var status = string.IsNullOrWhiteSpace(text) ? ReturnStatus.Requested
            : ReturnStatuses.Parse(text) ?? throw ProblemException.Validation("status", $"The status must be one of {string.Join(", ", ReturnStatuses.Names)}.");
        var top = QueryValues.Number(request, "top") ?? 100;
        if (top is < 1 or > 500)
        {
            throw ProblemException.Validation("top", "top must be 1 to 500.");
        }

        return TypedResults.Ok<IReadOnlyList<ReturnView>>((await returns.ListAsync(status, top, cancellationToken)).Select(ReturnView.From).ToList());
    }

    [Function("GetAdminReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Gets a return with its timeline (its workflow: /api/admin/instances/return-{returnId}).")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ReturnView>> GetReturnAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/returns/{returnId}")] HttpRequest request,
        string returnId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ReturnView.From(await returns.FindAsync(returnId, cancellationToken) ?? throw ProblemException.NotFound("No return has this id.")));

    [Function("GetReturnPhoto")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("One photo of a return (0 is the first), as the customer sent it.")]
    [Tags(Tag)]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "image/jpeg")]
    [AlsoProduces(StatusCodes.Status200OK, "image/png", "image/webp")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetPhotoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/returns/{returnId}/photos/{index}")] HttpRequest request,
        string returnId,
        string index,
        CancellationToken cancellationToken)
    {
        var found = await returns.FindAsync(returnId, cancellationToken) ?? throw ProblemException.NotFound("No return has this id.");
        if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= found.Photos.Count
            || await photos.GetAsync(found.Photos[i], cancellationToken) is not { } photo)
        {
            throw ProblemException.NotFound("The return has no photo with this index.");
        }

        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    [Function("ApproveReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Approves a requested return: the customer gets the label.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ReturnView>, Accepted<ReturnView>>> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/returns/{returnId}/approve")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string returnId,
        CancellationToken cancellationToken) =>
        Answer(await service.ApproveAsync(returnId, cancellationToken));

    [Function("RejectReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Rejects a requested return, with the reason the customer is told; its lines can be returned again.")]
    [Tags(Tag)]
    [JsonBody(typeof(RejectReturnBody))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ReturnView>, Accepted<ReturnView>>> RejectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/returns/{returnId}/reject")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string returnId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RejectReturnBody>(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            throw ProblemException.Validation("reason", "Say why (at most 500 characters): the customer is told.");
        }

        return Answer(await service.RejectAsync(returnId, body.Reason.Trim(), cancellationToken));
    }

    [Function("ReceiveReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Marks a return's parcel received (when the carrier did not report it): the refund is due within the promised business days.")]
    [Tags(Tag)]
    [JsonBody(typeof(ReceiveReturnBody), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ReturnView>, Accepted<ReturnView>>> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/returns/{returnId}/receive")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string returnId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadOptionalAsync<ReceiveReturnBody>(request, cancellationToken);
        return Answer(await service.ReceiveAsync(returnId, "ops", body?.ReceivedAt, cancellationToken));
    }

    [Function("InspectReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Records the inspection of a received return: each line restocked (back to available) or written off, and optionally a smaller refund; the refund follows.")]
    [Tags(Tag)]
    [JsonBody(typeof(InspectReturnBody))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ReturnView>, Accepted<ReturnView>>> InspectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/returns/{returnId}/inspect")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string returnId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<InspectReturnBody>(request, cancellationToken);
        var lines = new Dictionary<string, LineDisposition>(StringComparer.Ordinal);
        var given = body.Lines ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var sku = given[i].Sku?.Trim();
            if (string.IsNullOrEmpty(sku) || lines.ContainsKey(sku))
            {
                throw ProblemException.Validation($"lines[{i}].sku", "Each line once, by its SKU.");
            }

            lines[sku] = given[i].Disposition?.Trim().ToLowerInvariant() switch
            {
                "restock" => LineDisposition.Restock,
                "write_off" => LineDisposition.WriteOff,
                _ => throw ProblemException.Validation($"lines[{i}].disposition", "The disposition must be restock or write_off."),
            };
        }

        return Answer(await service.InspectAsync(returnId, lines, body.Amount, cancellationToken));
    }

    [Function("RefundReturn")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Settles a return with a refund and no parcel (damaged goods the customer keeps): a partial refund of 'amount' (default the expected refund), issued at once.")]
    [Tags(Tag)]
    [JsonBody(typeof(SettleReturnBody), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<ReturnView>, Accepted<ReturnView>>> RefundAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/returns/{returnId}/refund")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string returnId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadOptionalAsync<SettleReturnBody>(request, cancellationToken);
        return Answer(await service.SettleAsync(returnId, body?.Amount, cancellationToken));
    }

    private static Results<Ok<ReturnView>, Accepted<ReturnView>> Answer((ReturnRequest Return, bool Decided) result) =>
        result.Decided
            ? TypedResults.Ok(ReturnView.From(result.Return))
            : TypedResults.Accepted($"/api/admin/returns/{result.Return.Id}", ReturnView.From(result.Return));
}
