namespace Shop.Domain.Catalog;

/// <summary>
/// A page of the active catalog in SKU order: optionally one category (case-insensitive), optionally a text that
/// must occur (case-insensitive) in the name or description, starting after <see cref="AfterSku"/>.
/// </summary>
public sealed record ProductQuery(string? Category, string? Text, int PageSize, string? AfterSku);
