using System.Globalization;
using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Domain.Returns;

/// <summary>
/// The returns of one order, which decide together what may still be returned: a new request names lines of the
/// delivered order, at most the units delivered and not already returned (rejected and expired returns give theirs
/// back), never a line that another open return holds, and only within the return window after delivery.
/// </summary>
public sealed class OrderReturns
{
    /// <summary>At most this many returns per order (each line can be returned a few times at most).</summary>
    public const int MaxReturns = 20;

    /// <summary>At most this many characters of the customer's own reason.</summary>
    public const int MaxReasonText = 500;

    private readonly List<ReturnRequest> _returns;

    public OrderReturns(string orderId, IEnumerable<ReturnRequest> returns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(returns);
        OrderId = orderId;
        _returns = returns.OrderBy(r => r.RequestedAt).ToList();
    }

    public string OrderId { get; }

    public IReadOnlyList<ReturnRequest> Returns => _returns;

    public ReturnRequest? Find(string returnId) => _returns.FirstOrDefault(r => r.Id == returnId);

    /// <summary>When the order was delivered (its timeline's <c>delivered</c> step), or null when it was not.</summary>
    public static DateTimeOffset? DeliveredAt(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status == OrderStatus.Delivered ? order.Timeline.LastOrDefault(e => e.Step == "delivered")?.At : null;
    }

    /// <summary>Units of each SKU that can still be returned (delivered less returned), and whether an open return holds it.</summary>
    public IReadOnlyList<(OrderLine Line, int Returnable, string? OpenReturnId)> Returnable(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g =>
        {
            var line = g.First() with { Quantity = g.Sum(l => l.Quantity) };
            var returned = _returns.Where(r => r.CountsAsReturned).SelectMany(r => r.Lines).Where(l => l.Sku == line.Sku).Sum(l => l.Quantity);
            var open = _returns.FirstOrDefault(r => r.IsOpen && r.Lines.Any(l => l.Sku == line.Sku))?.Id;
            return (line, Math.Max(0, line.Quantity - returned), open);
        }).ToList();
    }

    /// <summary>
    /// A new return of <paramref name="lines"/> for <paramref name="reason"/>: 400 (<see cref="FieldValidationException"/>)
    /// for a request that names unknown lines, bad quantities or no reason; 409 (<see cref="ReturnRuleException"/>) for
    /// an order not delivered, a closed window, or a line already returned or held by an open return.
    /// </summary>
    public ReturnRequest Request(Order order, IReadOnlyList<ReturnLineRequest>? lines, string? reasonName, string? reasonText, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Id != OrderId)
        {
            throw new ArgumentException("The order is not the one these returns belong to.", nameof(order));
        }

        var reason = ReturnReasons.Parse(reasonName)
            ?? throw new FieldValidationException("reason", $"The reason is required: one of {string.Join(", ", ReturnReasons.Names)}.");
        reasonText = string.IsNullOrWhiteSpace(reasonText) ? null : reasonText.Trim();
        if (reason == ReturnReason.Other && reasonText is null)
        {
            throw new FieldValidationException("reasonText", "Say in a few words why you return the goods (reason 'other').");
        }

        if (reasonText is { Length: > MaxReasonText })
        {
            throw new FieldValidationException("reasonText", $"At most {MaxReasonText} characters.");
        }

        if (lines is null || lines.Count == 0)
        {
            throw new FieldValidationException("lines", "Name at least one line to return.");
        }

        var deliveredAt = DeliveredAt(order) ?? throw new ReturnRuleException($"The order is {order.Status.ToString().ToLowerInvariant()}: only a delivered order can be returned.");
        var closesAt = deliveredAt + window;
        if (now > closesAt)
        {
            throw new ReturnRuleException(string.Create(CultureInfo.InvariantCulture, $"The return window closed on {closesAt:yyyy-MM-dd} ({window.TotalDays:0} days after delivery)."));
        }

        if (_returns.Count >= MaxReturns)
        {
            throw new ReturnRuleException($"The order has {MaxReturns} returns already.");
        }

        var returnable = Returnable(order).ToDictionary(r => r.Line.Sku, StringComparer.Ordinal);
        var taken = new List<ReturnLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var sku = lines[i].Sku?.Trim();
            if (string.IsNullOrEmpty(sku) || !returnable.TryGetValue(sku, out var line))
            {
                throw new FieldValidationException($"lines[{i}].sku", $"'{sku}' is not a line of the order.");
            }

            if (taken.Any(t => t.Sku == sku))
            {
                throw new FieldValidationException($"lines[{i}].sku", $"'{sku}' is named twice.");
            }

            if (line.Returnable == 0)
            {
                throw new ReturnRuleException($"Every unit of '{sku}' has been returned already.");
            }

            if (line.OpenReturnId is { } open)
            {
                throw new ReturnRuleException($"'{sku}' is in return {open} already, which is still open.");
            }

            if (lines[i].Quantity < 1 || lines[i].Quantity > line.Returnable)
            {
                throw new FieldValidationException($"lines[{i}].quantity", $"The quantity of '{sku}' must be 1 to {line.Returnable} (delivered and not returned).");
            }

            taken.Add(new ReturnLine(sku, line.Line.Name, lines[i].Quantity, line.Line.UnitPrice));
        }

        var committed = _returns.Where(r => r.CountsAsReturned).Aggregate(Money.Zero(order.Totals.Total.Currency), (sum, r) => sum + (r.Refund?.Amount ?? r.RefundAmount));
        var expected = RefundCalculator.For(order, taken, reason, committed);
        var created = ReturnRequest.Create(string.Create(CultureInfo.InvariantCulture, $"{OrderId}-r{_returns.Count + 1}"), OrderId, taken, reason, reasonText, now, expected);
        _returns.Add(created);
        return created;
    }

    /// <summary>The order a return id belongs to (return ids are <c>{orderId}-r{n}</c>), or null for an id of another shape.</summary>
    public static string? OrderIdOf(string? returnId)
    {
        var at = returnId?.LastIndexOf("-r", StringComparison.Ordinal) ?? -1;
        return at > 0 && int.TryParse(returnId![(at + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? returnId[..at] : null;
    }
}
