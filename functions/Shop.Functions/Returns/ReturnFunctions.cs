using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask.Client;
using Shop.Domain.Orders;
using Shop.Domain.Returns;
using Shop.Hosting.Http;
using Shop.Infrastructure.Returns;
using Shop.Orchestrations.Returns;

namespace Shop.Functions.Returns;

/// <summary>
/// The customer's returns, authorized by the signed return token of the delivered email (<c>?token=</c>), never by the
/// order id alone: <c>GET /api/orders/{orderId}/returns</c> (the link in the email) says what can be returned and until
/// when; <c>POST</c> requests a return; <c>GET /api/returns/{returnId}/label</c> is the embedded carrier's label.
/// </summary>
public sealed class ReturnFunctions(IOrderStore orders, ReturnStore returns, ReturnService service, ReturnTokens tokens, ReturnPhotoStore photos, IOptions<ReturnsOptions> options, TimeProvider time)
{
    public const string Tag = "Returns";

    [Function("GetReturnOptions")]
    [EndpointSummary("What the order's customer can return (the delivered email links here with its return token): returnable units per line, the reasons, the window, and the order's returns.")]
    [Tags(Tag)]
    [QueryParameter("token", "The return token from the delivered email.")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ReturnOptionsView>> GetReturnOptionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}/returns")] HttpRequest request,
        string orderId,
        CancellationToken cancellationToken)
    {
        var order = await AuthorizeAsync(request, orderId, cancellationToken);
        var all = await returns.GetAsync(order.Id, cancellationToken);
        var deliveredAt = OrderReturns.DeliveredAt(order);
        var closesAt = deliveredAt + options.Value.Window;
        return TypedResults.Ok(new ReturnOptionsView(
            order.Id,
            deliveredAt,
            closesAt,
            closesAt is { } c && time.GetUtcNow() <= c,
            all.Returnable(order).Select(r => new ReturnableLineView(r.Line.Sku, r.Line.Name, r.Line.Quantity, r.Returnable, r.OpenReturnId)).ToList(),
            ReturnReasons.Names,
            all.Returns.Select(ReturnView.From).ToList()));
    }

    [Function("RequestReturn")]
    [EndpointSummary("Requests a return of delivered lines, within the return window, for a reason (damaged, wrong_item, not_as_described, no_longer_needed, other + reasonText).")]
    [EndpointDescription("Authorized by the return token of the delivered email (?token=). 400: unknown lines, bad quantities, no reason; "
        + "409: the order is not delivered, the window closed, or a line is already returned or in an open return. The return's "
        + "workflow starts at once: approval (automatic for some reasons and amounts), the label by email, the parcel, the "
        + "inspection and the refund within the promised business days of receipt.")]
    [Tags(Tag)]
    [QueryParameter("token", "The return token from the delivered email.")]
    [JsonBody(typeof(ReturnRequestBody))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Created<ReturnView>> RequestReturnAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/returns")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string orderId,
        CancellationToken cancellationToken)
    {
        var order = await AuthorizeAsync(request, orderId, cancellationToken);
        var body = await JsonBody.ReadAsync<ReturnRequestBody>(request, cancellationToken);
        var created = await service.RequestAsync(order, body.Lines?.Select(l => new ReturnLineRequest(l.Sku, l.Quantity)).ToList(), body.Reason, body.ReasonText, cancellationToken);
        return TypedResults.Created($"/api/orders/{order.Id}", ReturnView.From(created));
    }

    [Function("AddReturnPhoto")]
    [EndpointSummary("Attaches a photo to a return of damaged goods: the body is the image (JPEG, PNG or WebP, at most Returns__MaxPhotoBytes), at most 5 photos per return, before the parcel is received.")]
    [Tags(Tag)]
    [QueryParameter("token", "The return token from the delivered email.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    [ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<Created<ReturnView>> AddPhotoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/returns/{returnId}/photos")] HttpRequest request,
        string orderId,
        string returnId,
        CancellationToken cancellationToken)
    {
        var order = await AuthorizeAsync(request, orderId, cancellationToken);
        if (OrderReturns.OrderIdOf(returnId) != order.Id || await returns.FindAsync(returnId, cancellationToken) is not { } found)
        {
            throw ProblemException.NotFound("The order has no return with this id.");
        }

        if (found.Reason != ReturnReason.Damaged)
        {
            throw ProblemException.Conflict("Photos can be attached to a return for damaged goods only.");
        }

        // Read at most one byte more than allowed: a larger body is refused without being held whole.
        var limit = options.Value.MaxPhotoBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "Photo too large", $"A photo is at most {limit} bytes.");
            }
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw ProblemException.Validation("body", "Send the photo as the request body.");
        }

        var type = ReturnPhotoStore.ImageType(bytes)
            ?? throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Not a photo", "Send a JPEG, PNG or WebP image.");
        var name = await photos.SaveAsync(returnId, bytes, type, cancellationToken);
        var updated = await returns.UpdateAsync(order.Id, all =>
        {
            var request = all.Find(returnId)!;
            var before = request.Photos.Count;
            request.AttachPhoto(name, time.GetUtcNow());
            return request.Photos.Count != before;
        }, cancellationToken);
        return TypedResults.Created($"/api/orders/{order.Id}", ReturnView.From(updated.Find(returnId)!));
    }

    [Function("GetReturnLabel")]
    [EndpointSummary("The prepaid return label (PDF) of the embedded carrier, for a return whose label was issued.")]
    [Tags(Tag)]
    [QueryParameter("token", "The return token (in the label link of the return email).")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "application/pdf")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetLabelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "returns/{returnId}/label")] HttpRequest request,
        string returnId,
        CancellationToken cancellationToken)
    {
        var orderId = OrderReturns.OrderIdOf(returnId) ?? throw ProblemException.NotFound("No return has this id.");
        await AuthorizeAsync(request, orderId, cancellationToken);
        var found = await returns.FindAsync(returnId, cancellationToken);
        if (found?.Label is null)
        {
            throw ProblemException.NotFound("The return has no label (yet).");
        }

        return TypedResults.File(ReturnLabelPdf.Render(found, options.Value.WarehouseAddress), "application/pdf", $"return-label-{returnId}.pdf");
    }

    /// <summary>The order, when the request's token is the order's (401 otherwise; 404 when no such order).</summary>
    private async Task<Order> AuthorizeAsync(HttpRequest request, string orderId, CancellationToken cancellationToken)
    {
        var check = tokens.Check(orderId, QueryValues.Text(request, "token"));
        if (check != ReturnTokenCheck.Valid)
        {
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Invalid return token", check switch
            {
                ReturnTokenCheck.Expired => "The return token has expired.",
                ReturnTokenCheck.NoSecret => "Returns__TokenSecret is not set (or its Key Vault reference did not resolve): no return token is accepted.",
                _ => "The token is missing or was not issued for this order: use the link in the delivered email.",
            });
        }

        return await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
    }
}
