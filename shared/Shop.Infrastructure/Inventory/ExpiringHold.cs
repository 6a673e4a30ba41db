using Shop.Domain.Inventory;

namespace Shop.Infrastructure.Inventory;

/// <summary>A row of the expiry index (<see cref="HoldIndex"/>): the order whose hold expires, when, its lines, and where the row is.</summary>
internal sealed record ExpiringHold(string OrderId, DateTimeOffset ExpiresAt, IReadOnlyList<StockHoldLine> Lines, string Partition, string Row);
