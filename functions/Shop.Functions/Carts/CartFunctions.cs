using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Shop.Domain.Carts;
using Shop.Hosting.Http;
using Shop.Infrastructure.Carts;

namespace Shop.Functions.Carts;

/// <summary>
/// The storefront's carts. Every response carries the cart's <c>ETag</c>; a change sent with an <c>If-Match</c> that is
/// no longer current gets 412. Without <c>If-Match</c>, concurrent changes are merged (retried on the fresh cart).
/// The changing functions take the invocation's durable client: a change may start or stop the cart's abandoned-cart
/// reminders (see <see cref="CartService"/>).
/// </summary>
public sealed class CartFunctions(CartService carts)
{
    public const string Tag = "Carts";

    [Function("CreateCart")]
    [EndpointSummary("Creates an empty cart; the Location header and the id address it from now on.")]
    [Tags(Tag)]
    public async Task<Created<CartDto>> CreateCartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var stored = await carts.CreateAsync(cancellationToken);
        var dto = await ViewAsync(http, carts, stored, cancellationToken);
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{stored.Cart.Id}", dto);
    }

    [Function("GetCart")]
    [EndpointSummary("Gets a cart: lines at current catalog prices, availability warnings and totals.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<CartDto>> GetCartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "carts/{cartId}")] HttpRequest request,
        string cartId,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(request.HttpContext, carts, await carts.GetAsync(cartId, cancellationToken), cancellationToken));

    [Function("AddCartItem")]
    [EndpointSummary("Adds units of a product to the cart (a new line, or more of an existing one; at most 99 per line).")]
    [Tags(Tag)]
    [JsonBody(typeof(AddCartItemRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public async Task<Ok<CartDto>> AddItemAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{cartId}/items")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string cartId,
        CancellationToken cancellationToken)
    {
        var http = httpRequest.HttpContext;
        var request = await JsonBody.ReadAsync<AddCartItemRequest>(httpRequest, cancellationToken);
        var sku = RequireSku(request.Sku);
        var quantity = RequireQuantity(request.Quantity);
        var stored = await carts.AddItemAsync(cartId, sku, quantity, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    [Function("SetCartItemQuantity")]
    [EndpointSummary("Sets the quantity (1–99) of a cart line.")]
    [Tags(Tag)]
    [JsonBody(typeof(SetCartItemQuantityRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public async Task<Ok<CartDto>> SetQuantityAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "carts/{cartId}/items/{sku}")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string cartId,
        string sku,
        CancellationToken cancellationToken)
    {
        var http = httpRequest.HttpContext;
        var request = await JsonBody.ReadAsync<SetCartItemQuantityRequest>(httpRequest, cancellationToken);
        var quantity = RequireQuantity(request.Quantity);
        var stored = await carts.SetQuantityAsync(cartId, sku, quantity, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    [Function("RemoveCartItem")]
    [EndpointSummary("Removes a line from the cart.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public async Task<Ok<CartDto>> RemoveItemAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "carts/{cartId}/items/{sku}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string cartId,
        string sku,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var stored = await carts.RemoveItemAsync(cartId, sku, IfMatch(http), cancellationToken);
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    [Function("SetCartDestination")]
    [EndpointSummary("Sets where the cart ships; shipping and tax are recomputed.")]
    [Tags(Tag)]
    [JsonBody(typeof(SetDestinationRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public async Task<Ok<CartDto>> SetDestinationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "carts/{cartId}/destination")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string cartId,
        CancellationToken cancellationToken)
    {
        var http = httpRequest.HttpContext;
        var request = await JsonBody.ReadAsync<SetDestinationRequest>(httpRequest, cancellationToken);
        var stored = await Validated(async () =>
        {
            var destination = ShippingDestination.Create(request.Country!, request.PostalCode!, request.Region);
            return await carts.SetDestinationAsync(cartId, destination, IfMatch(http), cancellationToken);
        });
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

    [Function("SetCartEmail")]
    [EndpointSummary("Sets the shopper's email address.")]
    [Tags(Tag)]
    [JsonBody(typeof(SetEmailRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public async Task<Ok<CartDto>> SetEmailAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "carts/{cartId}/email")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string cartId,
        CancellationToken cancellationToken)
    {
        var http = httpRequest.HttpContext;
        var request = await JsonBody.ReadAsync<SetEmailRequest>(httpRequest, cancellationToken);
        var stored = await Validated(() => carts.SetEmailAsync(cartId, request.Email!, IfMatch(http), cancellationToken));
        return TypedResults.Ok(await ViewAsync(http, carts, stored, cancellationToken));
    }

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
