using System.Text.Json.Nodes;

namespace Shop.Functions.Metrics;

/// <summary>Weekly rollups, oldest first; each has <c>week</c> (yyyy-Www), its figures, <c>baseline</c> and <c>alerts</c>.</summary>
public sealed record WeeklyMetricsResponse(IReadOnlyList<JsonObject> Weeks);
