using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Domain.Carts;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Carts;

namespace Shop.Functions.Carts;

/// <summary>
/// The storefront's carts. Every response carries the cart's <c>ETag</c>; a change sent with an <c>If-Match</c> that is
/// no longer current gets 412. Without <c>If-Match</c>, concurrent changes are merged (retried on the fresh cart).
/// </summary>
public static class CartFunctions
{
    public const string Tag = "Carts";

    public static FunctionCatalog AddCartFunctions(this FunctionCatalog functions) => functions
        .MapHttp("CreateCart", "POST", "carts", CreateCartAsync, configure: e => e
            .WithSummary("Creates an empty cart; the Location header and the id address it from now on.")
            .WithTags(Tag))
        .MapHttp("GetCart", "GET", "carts/{cartId}", GetCartAsync, configure: e => e
            .WithSummary("Gets a cart: lines at current catalog prices, availability warnings and totals.")
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status404NotFound))
        .MapHttp("AddCartItem", "POST", "carts/{cartId}/items", AddItemAsync, configure: e => Conventions(e
            .WithSummary("Adds units of a product to the cart (a new line, or more of an existing one; at most 99 per line).")))
        .MapHttp("SetCartItemQuantity", "PUT", "carts/{cartId}/items/{sku}", SetQuantityAsync, configure: e => Conventions(e
            .WithSummary("Sets the quantity (1–99) of a cart line.")))
        .MapHttp("RemoveCartItem", "DELETE", "carts/{cartId}/items/{sku}", RemoveItemAsync, configure: e => Conventions(e
            .WithSummary("Removes a line from the cart.")))
        .MapHttp("SetCartDestination", "PUT", "carts/{cartId}/destination", SetDestinationAsync, configure: e => Conventions(e
            .WithSummary("Sets where the cart ships; shipping and tax are recomputed.")))
        .MapHttp("SetCartEmail", "PUT", "carts/{cartId}/email", SetEmailAsync, configure: e => Conventions(e
            .WithSummary("Sets the shopper's email address.")));

    public static async Task<Created<CartDto>> CreateCartAsync(CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await carts.CreateAsync(cancellationToken);
        var dto = await ViewAsync(http, carts, stored, cancellationToken);
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{stored.Cart.Id}", dto);
    }

    public static async Task<Ok<CartDto>> GetCartAsync(string cartId, CartService carts, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(http, carts, await carts.GetAsync(cartId, cancellationToken), cancellationToken));

    public static async Task<Ok<CartDto>> AddItemAsync(string cartId, AddCartItemRequest request, CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var sku = RequireSku(request.Sku);
        var quantity = RequireQuantity(request.Quantity);
        var stored = await carts.AddItemAsync(cartId, sku, quantity, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    public static async Task<Ok<CartDto>> SetQuantityAsync(string cartId, string sku, SetCartItemQuantityRequest request, CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var quantity = RequireQuantity(request.Quantity);
        var stored = await carts.SetQuantityAsync(cartId, sku, quantity, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    public static async Task<Ok<CartDto>> RemoveItemAsync(string cartId, string sku, CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await carts.RemoveItemAsync(cartId, sku, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    public static async Task<Ok<CartDto>> SetDestinationAsync(string cartId, SetDestinationRequest request, CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await Validated(async () =>
        {
            var destination = ShippingDestination.Create(request.Country!, request.PostalCode!, request.Region);
            return await carts.SetDestinationAsync(cartId, destination, IfMatch(http), cancellationToken);
        });
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    public static async Task<Ok<CartDto>> SetEmailAsync(string cartId, SetEmailRequest request, CartService carts, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await Validated(() => carts.SetEmailAsync(cartId, request.Email!, IfMatch(http), cancellationToken));
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    private static RouteHandlerBuilder Conventions(RouteHandlerBuilder endpoint) => endpoint
        .WithTags(Tag)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<CartDto> ViewAsync(HttpContext http, CartService carts, StoredCart stored, CancellationToken cancellationToken)
    {
        var quote = await carts.QuoteAsync(stored.Cart, cancellationToken);
        http.Response.Headers.ETag = CartETags.ToHttp(stored.ETag);
        return CartDto.From(quote);
    }

    private static IReadOnlyCollection<string>? IfMatch(HttpContext http) => CartETags.ParseIfMatch(http.Request.Headers.IfMatch);

    private static string RequireSku(string? sku) =>
        string.IsNullOrWhiteSpace(sku) ? throw ProblemException.Validation("sku", "The SKU is required.") : sku;

    private static int RequireQuantity(int? quantity) => quantity switch
    {
        null => throw ProblemException.Validation("quantity", "The quantity is required."),
        < Cart.MinQuantity or > Cart.MaxQuantity => throw ProblemException.Validation("quantity", $"The quantity must be {Cart.MinQuantity} to {Cart.MaxQuantity}."),
        _ => quantity.Value,
    };

    /// <summary>Turns a domain argument check into a 400 naming the field.</summary>
    private static async Task<T> Validated<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex) when (ex.ParamName is { } param)
        {
            var field = param == "destination" ? "region" : param;
            throw ProblemException.Validation(field, ex.Message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal));
        }
    }
}
