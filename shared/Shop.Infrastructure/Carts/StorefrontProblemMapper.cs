using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Hosting.Http;

namespace Shop.Infrastructure.Carts;

/// <summary>Maps the catalog, cart and stock rules to problem responses: 404 unknown, 409 refused transition, 412 stale ETag, 400 quantity.</summary>
internal sealed class StorefrontProblemMapper : IProblemMapper
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
        InsufficientStockException e => Problem(StatusCodes.Status409Conflict, "Not enough stock", e.Message),
        StockRuleException e => Problem(StatusCodes.Status409Conflict, "The stock refuses the change", e.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
