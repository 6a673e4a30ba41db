namespace Shop.Domain.Catalog;

/// <summary>One page of products; <see cref="LastSku"/> is set when more may follow (pass it as the next <see cref="ProductQuery.AfterSku"/>).</summary>
public sealed record ProductPage(IReadOnlyList<Product> Items, string? LastSku);
