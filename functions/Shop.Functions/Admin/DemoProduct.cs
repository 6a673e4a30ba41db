namespace Shop.Functions.Admin;

/// <summary>One product of the demo catalog with its starting stock.</summary>
public sealed record DemoProduct(string Sku, string Name, string Description, string Category, decimal Price, int WeightGrams, int OnHand, int ReorderPoint, int LeadTimeDays);
