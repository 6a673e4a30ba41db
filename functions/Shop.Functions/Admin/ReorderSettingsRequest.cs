namespace Shop.Functions.Admin;

/// <summary>The reorder point (0 to 1,000,000 available units) and the supplier's lead time (0 to 365 days).</summary>
public sealed record ReorderSettingsRequest(int? ReorderPoint, int? LeadTimeDays);
