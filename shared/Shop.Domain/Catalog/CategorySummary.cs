namespace Shop.Domain.Catalog;

/// <summary>A category of active products and how many there are.</summary>
public sealed record CategorySummary(string Name, int ProductCount);
