using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Shop.Domain.Returns;

namespace Shop.Infrastructure.Returns;

/// <summary>
/// Returns and refunds (settings section <c>Returns</c>): the window, the return token, the auto-approval rules, the
/// workflow's waits (copied into each return's workflow input when it starts), the refund promise and its business
/// calendar, the photo limits and where parcels go.
/// </summary>
public sealed class ReturnsOptions
{
    public const string Section = "Returns";

    /// <summary>The returns table (default <c>returns</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "returns";

    /// <summary>How long after delivery a return can be requested (default 30 days).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The HMAC secret that signs return tokens (a Key Vault secret in Azure). Unset: no token is accepted or issued.</summary>
    public string? TokenSecret { get; set; }

    /// <summary>How long a return token (in the delivered email) stays valid (default 60 days; at least the window).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Reasons approved without ops (comma-separated API names; default wrong_item, not_as_described, no_longer_needed).</summary>
    public string AutoApproveReasons { get; set; } = "wrong_item,not_as_described,no_longer_needed";

    /// <summary>Returns worth more than this (in the shop's currency) wait for ops even for an auto-approved reason (default 200).</summary>
    [Range(0, 1_000_000)]
    public decimal AutoApproveMaxAmount { get; set; } = 200m;

    /// <summary>Ops are reminded of a return awaiting approval after this long (default 1 day).</summary>
    public TimeSpan ApprovalReminder { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A return ops leave undecided this long is approved as requested (default 3 days): the shopper is not left waiting.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The customer is reminded to send the parcel after this long (default 7 days).</summary>
    public TimeSpan ParcelReminder { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A return whose parcel has not come this long after the label expires (default 14 days).</summary>
    public TimeSpan ParcelTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The refund is issued within this many business days of receipt (default 2).</summary>
    [Range(0, 30)]
    public int RefundBusinessDays { get; set; } = 2;

    /// <summary>The shop's working weekdays (comma-separated, default Mon,Tue,Wed,Thu,Fri).</summary>
    public string BusinessDays { get; set; } = "Mon,Tue,Wed,Thu,Fri";

    /// <summary>The shop's holidays (comma-separated yyyy-MM-dd), which are no business days.</summary>
    public string? Holidays { get; set; }

    /// <summary>Ops are alerted this long before the refund deadline when a received return is still uninspected (default 1 day).</summary>
    public TimeSpan InspectionAlertLead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The blob container of return photos (default <c>returnphotos</c>).</summary>
    [Required]
    public string PhotosContainer { get; set; } = "returnphotos";

    /// <summary>The largest photo accepted (default 1 MiB, the host's request limit).</summary>
    [Range(1, 50 * 1024 * 1024)]
    public int MaxPhotoBytes { get; set; } = 1024 * 1024;

    /// <summary>Where return parcels go (printed on the label).</summary>
    public string WarehouseAddress { get; set; } = "Shop Returns, 100 Warehouse Way, Springfield, IL 62701, US";

    /// <summary>The calendar the refund deadline is counted in.</summary>
    public BusinessCalendar Calendar() => new(
        BusinessDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseDay),
        (Holidays ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>The reasons approved without ops.</summary>
    public IReadOnlySet<ReturnReason> AutoApproved() => AutoApproveReasons
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => ReturnReasons.Parse(n) ?? throw new FormatException($"Returns__AutoApproveReasons: '{n}' is not a return reason ({string.Join(", ", ReturnReasons.Names)})."))
        .ToHashSet();

    private static DayOfWeek ParseDay(string name) =>
        Enum.GetValues<DayOfWeek>().FirstOrDefault(d => d.ToString().StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length >= 2, (DayOfWeek)(-1)) is var day && day != (DayOfWeek)(-1)
            ? day
            : throw new FormatException($"Returns__BusinessDays: '{name}' is not a weekday (Mon, Tue, ...).");
}
