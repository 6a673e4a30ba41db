namespace Shop.Functions.Admin;

/// <summary>
/// A product's details. <c>price</c> is in the shop's currency (<c>currency</c> may be sent and must then be that
/// currency); <c>active</c> defaults to true for a new product and to the current value for an existing one.
/// </summary>
public sealed record UpsertProductRequest(
    string? Name,
    string? Description,
    string? Category,
    decimal? Price,
    string? Currency,
    int? WeightGrams,
    IReadOnlyList<string>? ImageUrls,
    bool? Active);
