using System.Text.Json.Nodes;

namespace Shop.Infrastructure.Metrics;

/// <summary>
/// One fact of a week: its kind (<see cref="MetricFacts"/>), the id that makes it unique (an order, a cart, a SKU and
/// day), when it happened and its figures.
/// </summary>
public sealed record MetricFact(string Kind, string Id, DateTimeOffset At, JsonObject Data);
