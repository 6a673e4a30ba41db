using Shop.Testing;

namespace Shop.Functions.Tests.Reviews;

/// <summary>Review requests on the clock (seconds apart here): the request after delivery, then two reminders, then nothing.</summary>
public sealed class ReviewRequestClockTests(QuickReviewAppFactory app) : ReviewTests<QuickReviewAppFactory>(app)
{
    [Fact]
    public async Task DeliveredOrder_GetsARequestAndTwoReminders_EachWithAReviewLinkAndAnUnsubscribeLink()
    {
        var (orderId, _) = await Reviews.DeliveredOrderAsync();

        var end = await Reviews.EndAsync(orderId);

        Assert.Equal(3, end.Sent);
        Assert.Null(end.StoppedBecause);
        var emails = await Reviews.RequestEmailsAsync(orderId);
        Assert.Equal(3, emails.Count);
        Assert.StartsWith("How do you like your order", emails[0].Subject, StringComparison.Ordinal);
        Assert.StartsWith("Reminder:", emails[1].Subject, StringComparison.Ordinal);
        Assert.StartsWith("Last chance", emails[2].Subject, StringComparison.Ordinal);
        Assert.All(emails, e =>
        {
            Assert.NotEmpty(ReviewTestClient.ReviewToken(e.Text));
            Assert.NotEmpty(ReviewTestClient.UnsubscribeToken(e.Text));
        });
    }
}
