using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Reviews;

/// <summary>
/// The whole app for review tests: review and suppression tables of its own, and review requests an hour apart, so a
/// test drives each email with the admin trigger (<c>POST /api/admin/jobs/review-requests/{orderId}</c>).
/// </summary>
public class ReviewAppFactory : OrderAppFactory
{
    public ReviewAppFactory()
        : this(new Dictionary<string, string>
        {
            ["ReviewRequests__FirstRequestAfter"] = "01:00:00",
            ["ReviewRequests__FirstReminderAfter"] = "01:00:00",
            ["ReviewRequests__SecondReminderAfter"] = "02:00:00",
        })
    {
    }

    protected ReviewAppFactory(IReadOnlyDictionary<string, string> timings)
    {
        var p = AzuriteFixture.UniqueName("r");
        Settings["Reviews__Table"] = p + "reviews";
        Settings["Reviews__TokenSecret"] = "test-review-secret";
        Settings["Marketing__SuppressionTable"] = p + "suppress";
        Settings["Marketing__UnsubscribeSecret"] = "test-unsubscribe-secret";
        foreach (var (key, value) in timings)
        {
            Settings[key] = value;
        }
    }
}

/// <summary>Review requests on the clock, seconds apart: the request 1 s after delivery, reminders 1 s and 2 s after it.</summary>
public sealed class QuickReviewAppFactory() : ReviewAppFactory(new Dictionary<string, string>
{
    ["ReviewRequests__FirstRequestAfter"] = "00:00:01",
    ["ReviewRequests__FirstReminderAfter"] = "00:00:01",
    ["ReviewRequests__SecondReminderAfter"] = "00:00:02",
});
