using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Functions.Catalog;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Webhooks;
using Shop.Domain.Fulfillment;
using Shop.Infrastructure.Fulfillment;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Orders;

/// <summary>Ops on orders: listing by status and day, one order with its workflow, the warehouse's pick lists and shipments.</summary>
public sealed class OrderAdminFunctions(IOrderStore orders, IOrderWorkflow workflow, FulfillmentStore fulfillment, IOptions<CarrierOptions> carrier, TimeProvider time)
{
    public const string Tag = "Admin: orders";

    [Function("ListOrders")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Lists orders placed between two days (default the last 7), optionally in one status, a page at a time.")]
    [Tags(Tag)]
    [QueryParameter("status", "Only orders in this status (placed, confirmed, shipped, ...).")]
    [QueryParameter("from", "The first day (yyyy-MM-dd, default 6 days before 'to').")]
    [QueryParameter("to", "The last day (yyyy-MM-dd, default today, UTC).")]
    [QueryParameter("pageSize", "Orders per page, 1 to 200 (default 50).", Type = typeof(int))]
    [QueryParameter("continuationToken", "The previous page's continuationToken.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<AdminOrderPage>> ListOrdersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/orders")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = QueryValues.Text(request, "status");
        var from = QueryValues.Date(request, "from");
        var to = QueryValues.Date(request, "to");
        var pageSize = QueryValues.Number(request, "pageSize");
        var continuationToken = QueryValues.Text(request, "continuationToken");
        OrderStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.GetValues<OrderStatus>().FirstOrDefault(s => string.Equals(OrderFunctions.Json(s), status.Trim(), StringComparison.OrdinalIgnoreCase), (OrderStatus)(-1));
            if (wanted == (OrderStatus)(-1))
            {
                throw ProblemException.Validation("status", $"'{status}' is not an order status ({string.Join(", ", Enum.GetValues<OrderStatus>().Select(OrderFunctions.Json))}).");
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-6);
        if (first > last)
        {
            throw ProblemException.Validation("from", "'from' must not be after 'to'.");
        }

        if (last.DayNumber - first.DayNumber > 366)
        {
            throw ProblemException.Validation("from", "List at most a year at a time.");
        }

        var size = pageSize ?? 50;
        if (size is < 1 or > 200)
        {
            throw ProblemException.Validation("pageSize", "The page size must be 1 to 200.");
        }

        var page = await orders.ListAsync(wanted, first, last, size, continuationToken, cancellationToken);
        return TypedResults.Ok(new AdminOrderPage(
            page.Orders.Select(o => new AdminOrderSummary(o.Id, OrderFunctions.Json(o.Status), o.PlacedAt, o.Email, MoneyDto.From(o.Totals.Total))).ToList(),
            page.ContinuationToken));
    }

    [Function("GetAdminOrder")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Gets an order with its customer, payment and workflow status (history: /api/admin/instances/{orderId}?history=true).")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<AdminOrderView>> GetOrderAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/orders/{orderId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string orderId,
        CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        var status = await workflow.GetStatusAsync(orderId, cancellationToken);
        return TypedResults.Ok(new AdminOrderView(
            OrderFunctions.View(order, carrier.Value),
            order.Email,
            order.CartId,
            order.PaymentId,
            order.PaymentMethod,
            status is null ? null : new WorkflowView(status.RuntimeStatus, status.CustomStatus, status.LastUpdatedAt, status.Failure),
            order.PaymentRecovery is { } recovery ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(recovery.ToString()) : null));
    }

    [Function("ListFulfillment")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Lists pick lists for the warehouse: pending (to ship), shipped or cancelled, oldest first.")]
    [Tags(Tag)]
    [QueryParameter("status", "pending (default), shipped or cancelled.")]
    [QueryParameter("top", "At most this many, 1 to 500 (default 100).", Type = typeof(int))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<IReadOnlyList<PickList>>> ListFulfillmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/fulfillment")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = QueryValues.Text(request, "status");
        var top = QueryValues.Number(request, "top");
        var wanted = string.IsNullOrEmpty(status) ? PickListStatus.Pending : status.Trim().ToLowerInvariant();
        if (!PickListStatus.IsKnown(wanted))
        {
            throw ProblemException.Validation("status", "The status must be pending, shipped or cancelled.");
        }

        var size = top ?? 100;
        if (size is < 1 or > 500)
        {
            throw ProblemException.Validation("top", "top must be 1 to 500.");
        }

        return TypedResults.Ok(await fulfillment.ListAsync(wanted, size, cancellationToken));
    }

    [Function("StartPicking")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Records that the warehouse took a confirmed order's pick list: from then on the order cannot be cancelled.")]
    [EndpointDescription("Answers with the workflow's decision: 200 and the order picking, or 409 when it was cancelled "
        + "first. 202 when the workflow has not decided within 5 seconds.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<OrderView>, Accepted<OrderView>>> StartPickingAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/orders/{orderId}/picking")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string orderId,
        CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        if (order.Status == OrderStatus.Picking)
        {
            return TypedResults.Ok(OrderFunctions.View(order, carrier.Value));
        }

        if (order.Status != OrderStatus.Confirmed)
        {
            throw ProblemException.Conflict($"Only a confirmed order can be picked; this one is {OrderFunctions.Json(order.Status)}.");
        }

        await RaiseAsync(orderId, OrderEvents.Picking, new PickingSignal(time.GetUtcNow()), cancellationToken);
        return await DecisionAsync(orderId, OrderStatus.Picking, cancellationToken);
    }

    [Function("RecordShipment")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Records that the warehouse shipped a confirmed or picking order: the order ships, stock is sold, the payment captured, the customer told.")]
    [EndpointDescription("Answers with the workflow's decision: 200 and the order shipped, or 409 when it was cancelled "
        + "first (stop the parcel). 202 when the workflow has not decided within 5 seconds.")]
    [Tags(Tag)]
    [JsonBody(typeof(ShipmentRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Results<Ok<OrderView>, Accepted<OrderView>>> RecordShipmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/orders/{orderId}/shipments")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string orderId,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<ShipmentRequest>(httpRequest, cancellationToken);
        var carrier = Required(request.Carrier, "carrier", 50);
        var tracking = Required(request.TrackingNumber, "trackingNumber", 100);
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        if (order.Status is not (OrderStatus.Confirmed or OrderStatus.Picking))
        {
            throw ProblemException.Conflict($"Only a confirmed or picking order can ship; this one is {OrderFunctions.Json(order.Status)}.");
        }

        await RaiseAsync(orderId, OrderEvents.Shipped, new ShipmentSignal(carrier, tracking), cancellationToken);
        return await DecisionAsync(orderId, OrderStatus.Shipped, cancellationToken);
    }

    private async Task RaiseAsync(string orderId, string eventName, object payload, CancellationToken cancellationToken)
    {
        if (!await workflow.RaiseAsync(orderId, eventName, payload, cancellationToken))
        {
            throw ProblemException.Conflict("The order's workflow is not running.");
        }
    }

    /// <summary>
    /// The workflow's answer to a warehouse event: the order once it left confirmed (and picking, for a shipment) —
    /// 200 when it reached <paramref name="wanted"/> or beyond, 409 when a cancellation came first —, 202 while undecided.
    /// </summary>
    private async Task<Results<Ok<OrderView>, Accepted<OrderView>>> DecisionAsync(string orderId, OrderStatus wanted, CancellationToken cancellationToken)
    {
        var undecided = wanted == OrderStatus.Picking ? [OrderStatus.Confirmed] : new[] { OrderStatus.Confirmed, OrderStatus.Picking };
        var (order, decided) = await OrderDecision.WaitAsync(orders, orderId, o => !undecided.Contains(o.Status), cancellationToken);
        var view = OrderFunctions.View(order, carrier.Value);
        if (!decided)
        {
            return TypedResults.Accepted($"/api/admin/orders/{orderId}", view);
        }

        return order.Status is OrderStatus.Cancelled
            ? throw ProblemException.Conflict($"The order was cancelled first ({order.Reason}); it must not be {(wanted == OrderStatus.Picking ? "picked" : "shipped")}.")
            : TypedResults.Ok(view);
    }

    private static string Required(string? value, string field, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw ProblemException.Validation(field, $"'{field}' is required.");
        }

        if (trimmed.Length > max || trimmed.Any(char.IsControl))
        {
            throw ProblemException.Validation(field, $"'{field}' must be at most {max} printable characters.");
        }

        return trimmed;
    }
}
