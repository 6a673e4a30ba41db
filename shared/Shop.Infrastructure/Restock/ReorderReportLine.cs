namespace Shop.Infrastructure.Restock;

/// <summary>One SKU in the restock report, as assessed on <see cref="AssessedOn"/>.</summary>
public sealed record ReorderReportLine(
    string Sku,
    int OnHand,
    int Available,
    decimal Velocity,
    int LeadTimeDays,
    int ReorderPoint,
    decimal? DaysOfCover,
    int SuggestedOrderQuantity,
    DateTimeOffset? LastSoldAt,
    DateOnly AssessedOn);
