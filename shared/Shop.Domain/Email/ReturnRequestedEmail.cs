using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>
/// A return is accepted: the label to print (<see cref="LabelUrl"/>) and where to send the parcel, or — settled without
/// a parcel — no label. <see cref="IsReminder"/> marks the reminder sent while the parcel has not come.
/// </summary>
public sealed record ReturnRequestedEmail(
    string OrderId,
    string CustomerName,
    string ReturnId,
    IReadOnlyList<EmailOrderLine> Lines,
    string Reason,
    Money ExpectedRefund,
    Uri? LabelUrl,
    string? TrackingNumber,
    bool IsReminder) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ReturnRequested;
}
