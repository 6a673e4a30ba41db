using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>
/// Asks for a review after delivery. <see cref="ReminderNumber"/> 0 is the first request, 1.. the reminders;
/// <see cref="IsFinalReminder"/> marks the last one. The subject and wording change with the variant.
/// </summary>
public sealed record ReviewRequestEmail(
    string OrderId,
    string CustomerName,
    IReadOnlyList<ReviewItem> Items,
    int ReminderNumber,
    bool IsFinalReminder) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ReviewRequest;

    /// <summary>The signed link that takes the customer off marketing email (every marketing email carries one).</summary>
    public Uri? UnsubscribeUrl { get; init; }

    [JsonIgnore]
    public bool IsReminder => ReminderNumber > 0 && !IsFinalReminder;

    [JsonIgnore]
    public bool IsFirstRequest => ReminderNumber == 0 && !IsFinalReminder;
}
