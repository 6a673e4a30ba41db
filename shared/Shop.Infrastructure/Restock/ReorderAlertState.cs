using Azure;

namespace Shop.Infrastructure.Restock;

/// <summary>
/// Whether a SKU is at or below its reorder point, how many times it has crossed down to it, and up to which crossing
/// ops were alerted: one alert per crossing, none again until stock has risen above the point.
/// </summary>
public sealed record ReorderAlertState(string Sku, bool Below, int Crossing, int AlertedCrossing, ETag? ETag);
