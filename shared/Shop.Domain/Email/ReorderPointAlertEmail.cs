namespace Shop.Domain.Email;

/// <summary>Ops alert: a SKU fell to its reorder point (average daily sales × lead time + cover).</summary>
public sealed record ReorderPointAlertEmail(
    string Sku,
    string ProductName,
    int Available,
    int ReorderPoint,
    int SuggestedOrderQuantity,
    decimal AverageDailySales,
    int LeadTimeDays,
    int CoverDays) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ReorderPointAlert;
}
