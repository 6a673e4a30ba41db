using Microsoft.Extensions.Logging;
using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Domain.Reviews;
using Shop.Infrastructure.Reviews;

namespace Shop.Orchestrations.Reviews;

/// <summary>
/// Reviews written from the links of the review requests: the link (a signed token for one order line) is checked
/// first (a forged, altered or expired one is refused with <see cref="SignedLinkException"/>), then the fields
/// (<see cref="ReviewRules"/>). One review per order line, edited by writing again while the link lasts. A review from a
/// delivered order is verified. The first review stops the order's review requests.
/// </summary>
public sealed partial class ReviewService(
    ReviewTokens tokens,
    ReviewStore reviews,
    IOrderStore orders,
    ReviewRequests requests,
    TimeProvider time,
    ILogger<ReviewService> logger)
{
    /// <summary>The order line a link reviews, and its review so far.</summary>
    public async Task<ReviewLink> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (claims, order) = await CheckAsync(token, cancellationToken);
        var line = order.Lines.First(l => l.Sku == claims.Sku);
        return new ReviewLink(claims, line, await reviews.GetAsync(order.Id, claims.Sku, cancellationToken));
    }

    /// <summary>Writes (or rewrites) the review of the link's line; <paramref name="sku"/>, when given, must be that line.</summary>
    public async Task<Review> WriteAsync(string? token, string? sku, int? rating, string? title, string? body, CancellationToken cancellationToken = default)
    {
        var (claims, order) = await CheckAsync(token, cancellationToken);
        var content = ReviewRules.Validate(rating, title, body);
        if (sku is not null && !string.Equals(sku.Trim(), claims.Sku, StringComparison.OrdinalIgnoreCase))
        {
            throw new FieldValidationException("sku", $"This review link is for the order line {claims.Sku}.");
        }

        var verified = order.Status == OrderStatus.Delivered || order.Timeline.Any(e => e.Step == "delivered");
        var review = await reviews.SaveAsync(order.Id, claims.Sku, content, AuthorName(order.ShippingAddress.Name), verified, time.GetUtcNow(), cancellationToken);
        try
        {
            await requests.StopAsync(order.Id, "review", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The review stands; the send step sees it and sends nothing more.
            Log.StopFailed(logger, ex, order.Id);
        }

        return review;
    }

    private async Task<(ReviewTokenClaims Claims, Order Order)> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token);
        switch (check.Status)
        {
            case ReviewTokenStatus.Expired:
                throw new SignedLinkException("This review link has expired.") { Expired = true };
            case not ReviewTokenStatus.Valid:
                throw new SignedLinkException("This review link is not valid.");
        }

        var claims = check.Claims!;
        var order = await orders.GetAsync(claims.OrderId, cancellationToken);
        return order is not null && order.Lines.Any(l => l.Sku == claims.Sku)
            ? (claims, order)
            : throw new SignedLinkException("This review link is not valid.");
    }

    /// <summary>How a reviewer is shown: their first name and the initial of their last ("Ada L.").</summary>
    public static string AuthorName(string fullName)
    {
        var parts = (fullName ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts switch
        {
            [] => "A customer",
            [var only] => only,
            [var first, .., var last] => $"{first} {char.ToUpperInvariant(last[0])}.",
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Order {OrderId}: the review was saved but its review requests could not be stopped now")]
        public static partial void StopFailed(ILogger logger, Exception exception, string orderId);
    }
}
