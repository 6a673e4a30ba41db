using Shop.Infrastructure.Restock;

namespace Shop.Functions.Restock;

/// <summary>SKUs to reorder (fewest days of cover first) and slow movers (longest unsold first).</summary>
public sealed record ReorderReportResponse(IReadOnlyList<ReorderReportLine> AtOrBelowReorderPoint, IReadOnlyList<ReorderReportLine> SlowMovers);
