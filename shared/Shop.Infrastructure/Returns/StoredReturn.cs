using Shop.Domain.Common;
using Shop.Domain.Returns;

namespace Shop.Infrastructure.Returns;

/// <summary>A return as the returns table keeps it (JSON): amounts in minor units, enums by name.</summary>
internal sealed record StoredReturn(
    string Id,
    string OrderId,
    IReadOnlyList<StoredReturnLine> Lines,
    ReturnReason Reason,
    string? ReasonText,
    DateTimeOffset RequestedAt,
    string Currency,
    long ExpectedRefundMinor,
    long RefundAmountMinor,
    ReturnStatus Status,
    IReadOnlyList<ReturnEvent> Timeline,
    bool SettledWithoutParcel,
    ReturnLabel? Label,
    IReadOnlyList<string> Photos,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? RefundDueBy,
    string? RefundId,
    long? RefundedMinor,
    DateTimeOffset? RefundedAt,
    string? ClosingReason)
{
    public static StoredReturn From(ReturnRequest r) => new(
        r.Id,
        r.OrderId,
        r.Lines.Select(l => new StoredReturnLine(l.Sku, l.Name, l.Quantity, l.UnitPrice.MinorUnits, l.Disposition)).ToList(),
        r.Reason,
        r.ReasonText,
        r.RequestedAt,
        r.ExpectedRefund.Currency,
        r.ExpectedRefund.MinorUnits,
        r.RefundAmount.MinorUnits,
        r.Status,
        r.Timeline.ToList(),
        r.SettledWithoutParcel,
        r.Label,
        r.Photos.ToList(),
        r.ReceivedAt,
        r.RefundDueBy,
        r.Refund?.RefundId,
        r.Refund?.Amount.MinorUnits,
        r.Refund?.At,
        r.ClosingReason);

    public ReturnRequest ToReturn() => ReturnRequest.Restore(
        Id,
        OrderId,
        Lines.Select(l => new ReturnLine(l.Sku, l.Name, l.Quantity, Money.FromMinorUnits(l.UnitPriceMinor, Currency), l.Disposition)),
        Reason,
        ReasonText,
        RequestedAt,
        Money.FromMinorUnits(ExpectedRefundMinor, Currency),
        Status,
        Timeline,
        Money.FromMinorUnits(RefundAmountMinor, Currency),
        SettledWithoutParcel,
        Label,
        Photos,
        ReceivedAt,
        RefundDueBy,
        RefundId is { } id && RefundedMinor is { } minor && RefundedAt is { } at ? new ReturnRefund(id, Money.FromMinorUnits(minor, Currency), at) : null,
        ClosingReason);
}

/// <summary>One stored return line.</summary>
internal sealed record StoredReturnLine(string Sku, string Name, int Quantity, long UnitPriceMinor, LineDisposition? Disposition);
