using Shop.Domain.Returns;
using Shop.Functions.Catalog;

namespace Shop.Functions.Returns;

/// <summary>A return as the customer and ops see it, with its refund once issued.</summary>
public sealed record ReturnView(
    string ReturnId,
    string OrderId,
    string Status,
    string Reason,
    string? ReasonText,
    DateTimeOffset RequestedAt,
    IReadOnlyList<ReturnLineView> Lines,
    MoneyDto ExpectedRefund,
    MoneyDto RefundAmount,
    bool SettledWithoutParcel,
    ReturnLabelView? Label,
    int Photos,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? RefundDueBy,
    RefundView? Refund,
    string? ClosingReason,
    IReadOnlyList<ReturnTimelineEntryView> Timeline)
{
    public static ReturnView From(ReturnRequest r) => new(
        r.Id,
        r.OrderId,
        ReturnStatuses.Name(r.Status),
        ReturnReasons.Name(r.Reason),
        r.ReasonText,
        r.RequestedAt,
        r.Lines.Select(l => new ReturnLineView(l.Sku, l.Name, l.Quantity, MoneyDto.From(l.UnitPrice), l.Disposition is { } d ? Disposition(d) : null)).ToList(),
        MoneyDto.From(r.ExpectedRefund),
        MoneyDto.From(r.RefundAmount),
        r.SettledWithoutParcel,
        r.Label is { } label ? new ReturnLabelView(label.Carrier, label.TrackingNumber, label.Url) : null,
        r.Photos.Count,
        r.ReceivedAt,
        r.RefundDueBy,
        r.Refund is { } refund ? new RefundView(refund.RefundId, MoneyDto.From(refund.Amount), refund.At) : null,
        r.ClosingReason,
        r.Timeline.Select(e => new ReturnTimelineEntryView(e.Step, e.At, e.Detail)).ToList());

    /// <summary>The disposition as the API spells it (<c>restock</c>, <c>write_off</c>).</summary>
    public static string Disposition(LineDisposition disposition) => disposition == LineDisposition.Restock ? "restock" : "write_off";
}

/// <summary>One returned line; <c>disposition</c> once inspected (restock or write_off).</summary>
public sealed record ReturnLineView(string Sku, string Name, int Quantity, MoneyDto UnitPrice, string? Disposition);

/// <summary>The prepaid return label.</summary>
public sealed record ReturnLabelView(string Carrier, string TrackingNumber, Uri Url);

/// <summary>A refund issued: the provider's id, the amount, when.</summary>
public sealed record RefundView(string RefundId, MoneyDto Amount, DateTimeOffset At);

/// <summary>One step of a return's timeline.</summary>
public sealed record ReturnTimelineEntryView(string Step, DateTimeOffset At, string? Detail);

/// <summary>What the customer may return: each line's returnable units, the reasons, and until when.</summary>
public sealed record ReturnOptionsView(
    string OrderId,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? WindowClosesAt,
    bool Open,
    IReadOnlyList<ReturnableLineView> Lines,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ReturnView> Returns);

/// <summary>A line of the order: units delivered, units that can still be returned, and the open return that holds it.</summary>
public sealed record ReturnableLineView(string Sku, string Name, int Delivered, int Returnable, string? OpenReturnId);

/// <summary>A return request: the lines and quantities, and the reason (other needs reasonText).</summary>
public sealed record ReturnRequestBody(IReadOnlyList<ReturnLineBody>? Lines, string? Reason, string? ReasonText);

/// <summary>One line to return.</summary>
public sealed record ReturnLineBody(string? Sku, int Quantity);

/// <summary>Ops reject a return: why (shown to the customer).</summary>
public sealed record RejectReturnBody(string? Reason);

/// <summary>Ops settle a return with a refund and no parcel: the amount (default the expected refund).</summary>
public sealed record SettleReturnBody(decimal? Amount);

/// <summary>Ops mark the parcel received: when (default now).</summary>
public sealed record ReceiveReturnBody(DateTimeOffset? ReceivedAt);

/// <summary>The inspection: each line restocked or written off, and optionally a smaller refund.</summary>
public sealed record InspectReturnBody(IReadOnlyList<InspectLineBody>? Lines, decimal? Amount);

/// <summary>One inspected line: restock or write_off.</summary>
public sealed record InspectLineBody(string? Sku, string? Disposition);
