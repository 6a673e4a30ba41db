using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Functions.Catalog;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Webhooks;
using Shop.Domain.Fulfillment;
using Shop.Infrastructure.Fulfillment;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Orders;

/// <summary>Ops on orders: listing by status and day, one order with its workflow, the warehouse's pick lists and shipments.</summary>
public static class OrderAdminFunctions
{
    public const string Tag = "Admin: orders";

    public static FunctionCatalog AddOrderAdminFunctions(this FunctionCatalog functions) => functions
        .MapHttp("ListOrders", "GET", "admin/orders", ListOrdersAsync, FunctionAuth.Admin, e => e
            .WithSummary("Lists orders placed between two days (default the last 7), optionally in one status, a page at a time.")
            .WithTags(Tag)
            .ProducesValidationProblem())
        .MapHttp("GetAdminOrder", "GET", "admin/orders/{orderId}", GetOrderAsync, FunctionAuth.Admin, e => e
            .WithSummary("Gets an order with its customer, payment and workflow status (history: /api/admin/instances/{orderId}?history=true).")
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status404NotFound))
        .MapHttp("ListFulfillment", "GET", "admin/fulfillment", ListFulfillmentAsync, FunctionAuth.Admin, e => e
            .WithSummary("Lists pick lists for the warehouse: pending (to ship), shipped or cancelled, oldest first.")
            .WithTags(Tag)
            .ProducesValidationProblem())
        .MapHttp("RecordShipment", "POST", "admin/orders/{orderId}/shipments", RecordShipmentAsync, FunctionAuth.Admin, e => e
            .WithSummary("Records that the warehouse shipped a confirmed order: payment is captured, stock sold, the customer told.")
            .WithTags(Tag)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));

    public static async Task<Ok<AdminOrderPage>> ListOrdersAsync(
        string? status,
        DateOnly? from,
        DateOnly? to,
        int? pageSize,
        string? continuationToken,
        IOrderStore orders,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
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

    public static async Task<Ok<AdminOrderView>> GetOrderAsync(string orderId, IOrderStore orders, IOrderWorkflow workflow, IOptions<CarrierOptions> carrier, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        var status = await workflow.GetStatusAsync(orderId, cancellationToken);
        return TypedResults.Ok(new AdminOrderView(
            OrderFunctions.View(order, carrier.Value),
            order.Email,
            order.CartId,
            order.PaymentId,
            order.PaymentMethod,
            status is null ? null : new WorkflowView(status.RuntimeStatus, status.CustomStatus, status.LastUpdatedAt, status.Failure)));
    }

    public static async Task<Ok<IReadOnlyList<PickList>>> ListFulfillmentAsync(string? status, int? top, FulfillmentStore fulfillment, CancellationToken cancellationToken)
    {
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

    public static async Task<Accepted> RecordShipmentAsync(string orderId, ShipmentRequest request, IOrderStore orders, IOrderWorkflow workflow, CancellationToken cancellationToken)
    {
        var carrier = Required(request.Carrier, "carrier", 50);
        var tracking = Required(request.TrackingNumber, "trackingNumber", 100);
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        if (order.Status != OrderStatus.Confirmed)
        {
            throw ProblemException.Conflict($"Only a confirmed order can ship; this one is {OrderFunctions.Json(order.Status)}.");
        }

        if (!await workflow.RaiseAsync(orderId, OrderEvents.Shipped, new ShipmentSignal(carrier, tracking), cancellationToken))
        {
            throw ProblemException.Conflict("The order's workflow is not running.");
        }

        return TypedResults.Accepted($"/api/admin/orders/{orderId}");
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
