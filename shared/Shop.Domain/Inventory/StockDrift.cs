namespace Shop.Domain.Inventory;

/// <summary>A SKU whose recorded held quantity differed from the sum of its live holds; <see cref="Repaired"/> when it was corrected.</summary>
public sealed record StockDrift(string Sku, int RecordedHeld, int LiveHolds, bool Repaired);
