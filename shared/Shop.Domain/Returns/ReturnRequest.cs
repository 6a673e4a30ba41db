using Shop.Domain.Common;

namespace Shop.Domain.Returns;

/// <summary>
/// One return of an order: some units of some of its lines, for one reason. It guards its own transitions (each
/// method refuses a move its status does not allow, with a <see cref="ReturnRuleException"/>) and every move adds a
/// step to its timeline. Created by <see cref="OrderReturns.Request"/>, which checks it against the order.
/// </summary>
public sealed class ReturnRequest
{
    /// <summary>At most this many photos per return.</summary>
    public const int MaxPhotos = 5;

    private readonly List<ReturnLine> _lines;
    private readonly List<ReturnEvent> _timeline;
    private readonly List<string> _photos;

    private ReturnRequest(string id, string orderId, IEnumerable<ReturnLine> lines, ReturnReason reason, string? reasonText, DateTimeOffset requestedAt, Money expectedRefund)
    {
        Id = id;
        OrderId = orderId;
        _lines = lines.ToList();
        Reason = reason;
        ReasonText = reasonText;
        RequestedAt = requestedAt;
        ExpectedRefund = expectedRefund;
        RefundAmount = expectedRefund;
        Status = ReturnStatus.Requested;
        _timeline = [new ReturnEvent("requested", requestedAt)];
        _photos = [];
    }

    public string Id { get; }

    public string OrderId { get; }

    public IReadOnlyList<ReturnLine> Lines => _lines;

    public ReturnReason Reason { get; }

    /// <summary>The customer's words (required for <see cref="ReturnReason.Other"/>).</summary>
    public string? ReasonText { get; }

    public DateTimeOffset RequestedAt { get; }

    public ReturnStatus Status { get; private set; }

    public IReadOnlyList<ReturnEvent> Timeline => _timeline;

    /// <summary>What the lines are worth back: their price, their share of the tax and, when the shop is at fault, of the shipping.</summary>
    public Money ExpectedRefund { get; }

    /// <summary>What will be (or was) refunded: <see cref="ExpectedRefund"/> unless ops settled on less.</summary>
    public Money RefundAmount { get; private set; }

    /// <summary>True when ops settled the return with a refund and no parcel comes back.</summary>
    public bool SettledWithoutParcel { get; private set; }

    public ReturnLabel? Label { get; private set; }

    /// <summary>Blob names of the photos the customer attached (damaged goods).</summary>
    public IReadOnlyList<string> Photos => _photos;

    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>The promise: the refund is issued by then (2 business days after receipt by default).</summary>
    public DateTimeOffset? RefundDueBy { get; private set; }

    public ReturnRefund? Refund { get; private set; }

    /// <summary>Why the return was rejected or expired.</summary>
    public string? ClosingReason { get; private set; }

    /// <summary>True while the return is under way: its lines cannot be in another return.</summary>
    public bool IsOpen => Status is ReturnStatus.Requested or ReturnStatus.Approved or ReturnStatus.AwaitingParcel or ReturnStatus.Received or ReturnStatus.Inspected;

    /// <summary>True when the return's units count as returned (anything but rejected or expired).</summary>
    public bool CountsAsReturned => Status is not (ReturnStatus.Rejected or ReturnStatus.Expired);

    /// <summary>True while ops may settle it with a refund and no parcel.</summary>
    public bool CanSettle => Status is ReturnStatus.Requested or ReturnStatus.Approved or ReturnStatus.AwaitingParcel && !SettledWithoutParcel;

    internal static ReturnRequest Create(string id, string orderId, IEnumerable<ReturnLine> lines, ReturnReason reason, string? reasonText, DateTimeOffset requestedAt, Money expectedRefund) =>
        new(id, orderId, lines, reason, reasonText, requestedAt, expectedRefund);

    /// <summary>Rebuilds a return from storage (no transition checks: the stored state was checked when it was reached).</summary>
    public static ReturnRequest Restore(
        string id, string orderId, IEnumerable<ReturnLine> lines, ReturnReason reason, string? reasonText, DateTimeOffset requestedAt, Money expectedRefund,
        ReturnStatus status, IEnumerable<ReturnEvent> timeline, Money refundAmount, bool settledWithoutParcel, ReturnLabel? label, IEnumerable<string> photos,
        DateTimeOffset? receivedAt, DateTimeOffset? refundDueBy, ReturnRefund? refund, string? closingReason)
    {
        var request = new ReturnRequest(id, orderId, lines, reason, reasonText, requestedAt, expectedRefund)
        {
            Status = status,
            RefundAmount = refundAmount,
            SettledWithoutParcel = settledWithoutParcel,
            Label = label,
            ReceivedAt = receivedAt,
            RefundDueBy = refundDueBy,
            Refund = refund,
            ClosingReason = closingReason,
        };
        request._timeline.Clear();
        request._timeline.AddRange(timeline);
        request._photos.AddRange(photos);
        return request;
    }

    public void Approve(DateTimeOffset at, string? detail = null)
    {
        Require(Status == ReturnStatus.Requested, "approved");
        Move(ReturnStatus.Approved, "approved", at, detail);
    }

    public void Reject(string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Require(Status is ReturnStatus.Requested or ReturnStatus.Approved && !SettledWithoutParcel, "rejected");
        ClosingReason = reason;
        Move(ReturnStatus.Rejected, "rejected", at, reason);
    }

    public void IssueLabel(ReturnLabel label, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(label);
        Require(Status == ReturnStatus.Approved, "given a label");
        Label = label;
        Move(ReturnStatus.AwaitingParcel, "label_issued", at, $"{label.Carrier} {label.TrackingNumber}");
    }

    public void Receive(DateTimeOffset at, DateTimeOffset refundDueBy, string source)
    {
        Require(Status is ReturnStatus.AwaitingParcel or ReturnStatus.Approved && !SettledWithoutParcel, "received");
        ReceivedAt = at;
        RefundDueBy = refundDueBy;
        Move(ReturnStatus.Received, "received", at, source);
    }

    /// <summary>
    /// The warehouse inspected the parcel: each line restocked or written off (every line of the return needs one),
    /// and optionally a smaller refund than expected (a partial refund).
    /// </summary>
    public void Inspect(IReadOnlyDictionary<string, LineDisposition> dispositions, Money? refundAmount, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(dispositions);
        Require(Status == ReturnStatus.Received, "inspected");
        var missing = _lines.Where(l => !dispositions.ContainsKey(l.Sku)).Select(l => l.Sku).ToList();
        if (missing.Count > 0)
        {
            throw new FieldValidationException("lines", $"Every returned line needs a disposition (restock or write_off); missing: {string.Join(", ", missing)}.");
        }

        var unknown = dispositions.Keys.Where(s => _lines.All(l => l.Sku != s)).ToList();
        if (unknown.Count > 0)
        {
            throw new FieldValidationException("lines", $"Not in this return: {string.Join(", ", unknown)}.");
        }

        if (refundAmount is { } amount)
        {
            RefundAmount = CheckAmount(amount);
        }

        for (var i = 0; i < _lines.Count; i++)
        {
            _lines[i] = _lines[i] with { Disposition = dispositions[_lines[i].Sku] };
        }

        Move(ReturnStatus.Inspected, "inspected", at, string.Join(", ", _lines.Select(l => $"{l.Sku} {(l.Disposition == LineDisposition.Restock ? "restock" : "write_off")}")));
    }

    /// <summary>Ops settle the return with a refund of <paramref name="amount"/> (at most the expected refund) and no parcel: the customer keeps the goods.</summary>
    public void Settle(Money amount, DateTimeOffset at)
    {
        Require(CanSettle, "settled without a parcel");
        RefundAmount = CheckAmount(amount);
        SettledWithoutParcel = true;
        _timeline.Add(new ReturnEvent("settled", at, $"Refund of {RefundAmount.Format()} without a return shipment."));
    }

    /// <summary>True when the refund may be issued: inspected, or settled without a parcel.</summary>
    public bool ReadyForRefund => Status == ReturnStatus.Inspected || (SettledWithoutParcel && Status is ReturnStatus.Requested or ReturnStatus.Approved or ReturnStatus.AwaitingParcel);

    public void RecordRefund(ReturnRefund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        Require(ReadyForRefund, "refunded");
        Refund = refund;
        Move(ReturnStatus.Refunded, "refunded", refund.At, $"{refund.Amount.Format()} ({refund.RefundId})");
    }

    public void Close(DateTimeOffset at)
    {
        Require(Status == ReturnStatus.Refunded, "closed");
        Move(ReturnStatus.Closed, "closed", at);
    }

    /// <summary>No parcel came within the wait: the return ends and its lines are free again.</summary>
    public void Expire(string reason, DateTimeOffset at)
    {
        Require(Status is ReturnStatus.AwaitingParcel or ReturnStatus.Approved && !SettledWithoutParcel, "expired");
        ClosingReason = reason;
        Move(ReturnStatus.Expired, "expired", at, reason);
    }

    /// <summary>Attaches photos (damaged goods) while the return is open and before it is received.</summary>
    public void AttachPhoto(string blobName, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        Require(Status is ReturnStatus.Requested or ReturnStatus.Approved or ReturnStatus.AwaitingParcel, "given photos");
        if (Reason != ReturnReason.Damaged)
        {
            throw new ReturnRuleException("Photos can be attached to a return for damaged goods only.");
        }

        if (_photos.Contains(blobName, StringComparer.Ordinal))
        {
            return;
        }

        if (_photos.Count >= MaxPhotos)
        {
            throw new ReturnRuleException($"A return takes at most {MaxPhotos} photos.");
        }

        _photos.Add(blobName);
        _timeline.Add(new ReturnEvent("photo_attached", at, blobName));
    }

    /// <summary>Adds a step that changes nothing else (a reminder, an alert).</summary>
    public void Note(string step, DateTimeOffset at, string? detail = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        _timeline.Add(new ReturnEvent(step, at, detail));
    }

    private Money CheckAmount(Money amount)
    {
        if (amount.Currency != ExpectedRefund.Currency || amount.MinorUnits <= 0 || amount > ExpectedRefund)
        {
            throw new FieldValidationException("amount", $"The refund must be more than 0 and at most {ExpectedRefund.Format()} (in {ExpectedRefund.Currency}).");
        }

        return amount;
    }

    private void Require(bool allowed, string transition)
    {
        if (!allowed)
        {
            throw new ReturnRuleException($"Return {Id} is {ReturnStatuses.Name(Status)}{(SettledWithoutParcel ? " (settled without a parcel)" : string.Empty)} and cannot be {transition}.");
        }
    }

    private void Move(ReturnStatus status, string step, DateTimeOffset at, string? detail = null)
    {
        Status = status;
        _timeline.Add(new ReturnEvent(step, at, detail));
    }
}
