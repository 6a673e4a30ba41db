namespace Shop.Functions.Catalog;

/// <summary>A category and how many active products it has.</summary>
public sealed record CategoryDto(string Name, int ProductCount);
