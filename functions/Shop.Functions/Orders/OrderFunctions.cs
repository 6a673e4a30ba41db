using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Functions.Catalog;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Http;
using Shop.Infrastructure.Orders;
using Shop.Infrastructure.Returns;
using Shop.Domain.Returns;
using Shop.Functions.Returns;
using Shop.Infrastructure.Webhooks;
using Shop.Orchestrations.Checkout;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Orders;

/// <summary>
/// Checkout and the customer's order: <c>POST /api/carts/{cartId}/checkout</c> places the order and starts its
/// workflow (202 + <c>Location</c>); <c>GET /api/orders/{orderId}</c> shows it; <c>POST …/cancel</c> cancels it
/// before shipment. Order ids are unguessable: holding one is what gives access to the order.
/// </summary>
public sealed class OrderFunctions(IOrderStore orders, IOptions<OrdersOptions> store, IOptions<CarrierOptions> carrier, CheckoutService checkout, IOrderWorkflow workflow, ReturnStore returns)
{
    public const string Tag = "Orders";

    [Function("Checkout")]
    [EndpointSummary("Places the cart's order and starts its workflow: validation, stock hold, payment, fulfilment. Send an Idempotency-Key to retry safely.")]
    [Tags(Tag)]
    [JsonBody(typeof(CheckoutRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Accepted<CheckoutResponse>> CheckoutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{cartId}/checkout")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string cartId,
        CancellationToken cancellationToken)
    {
        var idempotencyKey = httpRequest.Headers["Idempotency-Key"].FirstOrDefault();
        var request = await JsonBody.ReadAsync<CheckoutRequest>(httpRequest, cancellationToken);
        var a = request.ShippingAddress;
        var command = new CheckoutCommand(
            cartId,
            request.Email,
            a is null ? null : new ShippingAddress(a.Name!, a.Line1!, a.Line2, a.City!, a.Region, a.PostalCode!, a.Country!),
            request.PaymentMethod,
            request.ExpectedTotal,
            idempotencyKey,
            Fingerprint(cartId, request));
        var result = await checkout.CheckoutAsync(command, cancellationToken);
        return TypedResults.Accepted($"/api/orders/{result.OrderId}", new CheckoutResponse(result.OrderId, result.Status));
    }

    [Function("GetOrder")]
    [EndpointSummary("Gets an order: status, lines, totals, shipping address, timeline and tracking.")]
    [EndpointDescription("Every answer carries a weak ETag. With If-None-Match set to it, an unchanged order answers 304; "
        + "add Prefer: wait=N (1 to 30 seconds) to wait up to N seconds for a change instead of polling: the changed "
        + "order (200, Preference-Applied: wait=N) as soon as there is one, else 304.")]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<OrderView>, StatusCodeHttpResult>> GetOrderAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}")] HttpRequest request,
        string orderId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var seen = http.Request.Headers.IfNoneMatch.ToString();
        var wait = seen.Length > 0 ? OrderChangeWait.FromPrefer(http.Request.Headers["Prefer"]) : null;
        var (order, etag) = await OrderChangeWait.ReadAsync(orders, orderId, seen, wait, TimeSpan.FromSeconds(store.Value.ViewCacheSeconds), cancellationToken);
        http.Response.Headers.ETag = etag;
        if (wait is { } applied)
        {
            http.Response.Headers["Preference-Applied"] = OrderChangeWait.Applied(applied);
        }

        if (OrderChangeWait.Matches(seen, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        // Only a delivered order has returns; each of their moves is noted on the order, so its ETag follows them.
        var orderReturns = order.Status == OrderStatus.Delivered ? await returns.GetAsync(order.Id, cancellationToken) : null;
        return TypedResults.Ok(View(order, carrier.Value, orderReturns));
    }

    [Function("CancelOrder")]
    [EndpointSummary("Cancels an order before the warehouse takes it: stock released, payment voided, customer told.")]
    [EndpointDescription("Answers with the workflow's decision: 200 and the cancelled order, or 409 when the warehouse "
        + "took the order first (picking or shipped). 202 when the workflow has not decided within 5 seconds (it is busy, "
        + "e.g. retrying a payment): follow the order.")]
    [Tags(Tag)]
    [JsonBody(typeof(CancelOrderRequest), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<OrderView>, Accepted<OrderView>>> CancelOrderAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/cancel")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string orderId,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadOptionalAsync<CancelOrderRequest>(httpRequest, cancellationToken);
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        if (order.Status == OrderStatus.Cancelled)
        {
            return TypedResults.Ok(View(order, carrier.Value));
        }

        if (!order.CanCancel)
        {
            throw NotCancellable(order);
        }

        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "Cancelled at the customer's request." : request.Reason.Trim()[..Math.Min(request.Reason.Trim().Length, 500)];
        if (!await workflow.RaiseAsync(orderId, OrderEvents.Cancel, new CancelSignal(reason), cancellationToken))
        {
            throw ProblemException.Conflict("The order's workflow is not running.");
        }

        var (now, decided) = await OrderDecision.WaitAsync(orders, orderId, o => !o.CanCancel, cancellationToken);
        return !decided ? TypedResults.Accepted($"/api/orders/{orderId}", View(now, carrier.Value))
            : now.Status == OrderStatus.Cancelled ? TypedResults.Ok(View(now, carrier.Value))
            : throw NotCancellable(now);
    }

    private static ProblemException NotCancellable(Order order) => ProblemException.Conflict(order.Status switch
    {
        OrderStatus.Picking => "The warehouse is packing the order; it can no longer be cancelled (a return can be requested after delivery).",
        OrderStatus.Shipped or OrderStatus.OutForDelivery or OrderStatus.Delivered => "The order has shipped; it can no longer be cancelled (a return can be requested after delivery).",
        _ => $"The order is {Json(order.Status)} and cannot be cancelled.",
    });

    internal static OrderView View(Order order, CarrierOptions carrier, OrderReturns? returns = null) => new(
        order.Id,
        Json(order.Status),
        order.Reason,
        order.PlacedAt,
        order.Lines.Select(l => new OrderLineView(l.Sku, l.Name, l.Quantity, MoneyDto.From(l.UnitPrice), MoneyDto.From(l.LineTotal))).ToList(),
        new OrderTotalsView(MoneyDto.From(order.Totals.Subtotal), MoneyDto.From(order.Totals.Shipping), MoneyDto.From(order.Totals.Tax), MoneyDto.From(order.Totals.Total)),
        new AddressDto(order.ShippingAddress.Name, order.ShippingAddress.Line1, order.ShippingAddress.Line2, order.ShippingAddress.City, order.ShippingAddress.Region, order.ShippingAddress.PostalCode, order.ShippingAddress.Country),
        order.Timeline.Select(e => new TimelineEntryView(e.Step, e.At, e.Detail)).ToList(),
        order.Carrier is { } c && order.TrackingNumber is { } t
            ? new TrackingView(c, t, new Uri(carrier.TrackingUrlTemplate.Replace("{carrier}", Uri.EscapeDataString(c), StringComparison.Ordinal).Replace("{trackingNumber}", Uri.EscapeDataString(t), StringComparison.Ordinal)))
            : null,
        order.PaymentAction is { } action
            ? new PaymentActionView(action.ClientSecret, action.Type, action.RedirectUrl is { } url ? new Uri(url) : null)
            : null,
        returns?.Returns.Select(ReturnView.From).ToList() ?? [],
        returns?.Returns.Where(r => r.Refund is not null).Select(r => r.Refund!.Amount).Aggregate(Shop.Domain.Common.Money.Zero(order.Totals.Total.Currency), (sum, a) => sum + a) is { MinorUnits: > 0 } refunded
            ? MoneyDto.From(refunded)
            : null);

    /// <summary>The status as the API spells it (<c>out_for_delivery</c>).</summary>
    internal static string Json(OrderStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static string Fingerprint(string cartId, CheckoutRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cartId + "\n" + JsonSerializer.Serialize(request))));
}
