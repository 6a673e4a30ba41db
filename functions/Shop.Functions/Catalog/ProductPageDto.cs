namespace Shop.Functions.Catalog;

/// <summary>A page of products; pass <see cref="ContinuationToken"/> back for the next page (absent on the last).</summary>
public sealed record ProductPageDto(IReadOnlyList<ProductDto> Items, string? ContinuationToken);
