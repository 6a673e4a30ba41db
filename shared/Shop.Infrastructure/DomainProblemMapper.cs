using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Domain.Inventory;
using Shop.Domain.Orders;
using Shop.Domain.Returns;
using Shop.Hosting.Http;

namespace Shop.Infrastructure;

/// <summary>
/// The one map from domain and application exceptions to problem responses: 404 unknown, 409 refused transition or a
/// cart checked out already, 412 stale ETag, 400 fields at fault, 422 an idempotency key reused for another request.
/// </summary>
internal sealed class DomainProblemMapper : IProblemMapper
{
    public ProblemDetails? TryMap(Exception exception) => exception switch
    {
        CartNotFoundException e => Problem(StatusCodes.Status404NotFound, "Cart not found", e.Message),
        ProductNotFoundException e => Problem(StatusCodes.Status404NotFound, "Product not found", e.Message),
        CartLineNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not in the cart", e.Message),
        CartClosedException e => Problem(StatusCodes.Status409Conflict, "The cart is closed", e.Message),
        CartLimitException e => Problem(StatusCodes.Status409Conflict, "The cart refuses the change", e.Message),
        CartVersionMismatchException e => Problem(StatusCodes.Status412PreconditionFailed, "The cart has changed", e.Message + " Read it again and retry."),
        CartQuantityException e => new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["quantity"] = [e.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = e.Message,
        },
        FieldValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(p => p.Key, p => p.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = e.Message,
        },
        IdempotencyKeyReusedException e => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", e.Message),
        CartCheckedOutException e => Problem(StatusCodes.Status409Conflict, "The cart is checked out", e.Message),
        InsufficientStockException e => Problem(StatusCodes.Status409Conflict, "Not enough stock", e.Message),
        StockRuleException e => Problem(StatusCodes.Status409Conflict, "The stock refuses the change", e.Message),
        ReturnNotFoundException e => Problem(StatusCodes.Status404NotFound, "Return not found", e.Message),
        ReturnRuleException e => Problem(StatusCodes.Status409Conflict, "The return refuses the change", e.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
