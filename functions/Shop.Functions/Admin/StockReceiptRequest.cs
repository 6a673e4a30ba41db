namespace Shop.Functions.Admin;

/// <summary>Units received from a supplier (1 to 1,000,000) and an optional note (at most 500 characters).</summary>
public sealed record StockReceiptRequest(int? Quantity, string? Note);
