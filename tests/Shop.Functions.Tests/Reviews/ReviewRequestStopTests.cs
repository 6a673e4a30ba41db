using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Reviews;
using Shop.Infrastructure.Reviews;
using Shop.Orchestrations.Orders;
using Shop.Orchestrations.Reviews;
using Shop.Testing;

namespace Shop.Functions.Tests.Reviews;

/// <summary>
/// Review requests driven by the admin trigger: each stop condition (a review, a return's Stop event, an unsubscribe)
/// ends the sequence at once and no email follows; a duplicate start or a step run twice sends nothing twice.
/// </summary>
public sealed class ReviewRequestStopTests(ReviewAppFactory app) : ReviewTests<ReviewAppFactory>(app)
{
    [Fact]
    public async Task AReview_StopsTheRequests_AndTheTriggerSendsNothingMore()
    {
        var (orderId, sku) = await Reviews.DeliveredOrderAsync();
        Assert.Equal("advanced", (await Reviews.RunNowAsync(orderId)).GetProperty("action").GetString());
        var first = (await Reviews.WaitForRequestEmailsAsync(orderId, 1))[0];

        var written = await Reviews.WriteAsync(new { token = ReviewTestClient.ReviewToken(first.Text), rating = 5, title = "Lovely", body = "Holds the heat well." });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);

        var end = await Reviews.EndAsync(orderId);
        Assert.Equal("stopped: review", end.StoppedBecause);
        Assert.Equal("ended", (await Reviews.RunNowAsync(orderId)).GetProperty("action").GetString());
        Assert.Single(await Reviews.RequestEmailsAsync(orderId));
        Assert.Equal(1, (await Reviews.ProductAsync(sku)).GetProperty("rating").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task TheReturnsStopEvent_EndsTheRequestsAtOnce_BeforeAnyEmail()
    {
        var (orderId, _) = await Reviews.DeliveredOrderAsync();

        // The contract with the returns workflow: event "Stop", payload "return", on review-requests-{orderId}.
        await App.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(ReviewRequests.InstanceId(orderId), "Stop", "return");

        var end = await Reviews.EndAsync(orderId);
        Assert.Equal(0, end.Sent);
        Assert.Equal("stopped: return", end.StoppedBecause);
        Assert.Equal("ended", (await Reviews.RunNowAsync(orderId)).GetProperty("action").GetString());
        Assert.Empty(await Reviews.RequestEmailsAsync(orderId));
    }

    [Fact]
    public async Task AStopWithAnyPayload_EndsTheRequests()
    {
        var (orderId, _) = await Reviews.DeliveredOrderAsync();

        await App.Services.GetRequiredService<DurableTaskClient>().RaiseEventAsync(ReviewRequests.InstanceId(orderId), "Stop", new { reason = "ops", by = 42 });

        Assert.Equal(0, (await Reviews.EndAsync(orderId)).Sent);
    }

    [Fact]
    public async Task TheSendStep_SeesAReviewWrittenWhileTheSequenceWaited_AndSendsNothing()
    {
        var (orderId, sku) = await Reviews.DeliveredOrderAsync();
        Assert.Equal("advanced", (await Reviews.RunNowAsync(orderId)).GetProperty("action").GetString());
        await Reviews.WaitForRequestEmailsAsync(orderId, 1);
        await using var scope = App.Services.CreateAsyncScope();
        var steps = scope.ServiceProvider.GetRequiredService<ReviewRequestSteps>();

        // The review is stored but no Stop reaches the sequence (written to the store, as when the step already runs
        // while the review arrives): the step itself must refuse to send the reminder.
        await App.Services.GetRequiredService<ReviewStore>().SaveAsync(orderId, sku, new ReviewContent(4, "Good", "Fine mug."), "Ada L.", true, DateTimeOffset.UtcNow);
        var outcome = await steps.SendAsync(new ReviewRequestStep(orderId, 1, false));

        Assert.Equal("review", outcome.StoppedBecause);
        Assert.Single(await Reviews.RequestEmailsAsync(orderId));
    }

    [Fact]
    public async Task ADuplicateDelivery_AndADuplicateStart_MakeOneSequence_AndAStepRunTwiceSendsOnce()
    {
        var (orderId, _) = await Reviews.DeliveredOrderAsync();
        var created = (await Reviews.InstanceAsync(orderId))!.CreatedAt;

        // The delivered step runs again (an activity is at-least-once), and the start is attempted again.
        await using var scope = App.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderSteps>().TrackAsync(new TrackStep(orderId, new CarrierSignal("evt-again", CarrierStatus.Delivered, DateTimeOffset.UtcNow, null))));
        Assert.False(await App.Services.GetRequiredService<ReviewRequests>().StartAsync(orderId, DateTimeOffset.UtcNow));
        Assert.Equal(created, (await Reviews.InstanceAsync(orderId))!.CreatedAt);

        // The send step run twice: one email.
        var steps = scope.ServiceProvider.GetRequiredService<ReviewRequestSteps>();
        Assert.True((await steps.SendAsync(new ReviewRequestStep(orderId, 0, false))).Sent);
        Assert.True((await steps.SendAsync(new ReviewRequestStep(orderId, 0, false))).Sent);
        Assert.Single(await Reviews.RequestEmailsAsync(orderId));
    }

    [Fact]
    public async Task Unsubscribe_StopsThisSequence_AndSuppressesTheAddressForTheNextOrder_ButNotOrderEmails()
    {
        var email = $"unsub-{Guid.NewGuid():N}@example.com";
        var (orderId, _) = await Reviews.DeliveredOrderAsync(email);
        await Reviews.RunNowAsync(orderId);
        var first = (await Reviews.WaitForRequestEmailsAsync(orderId, 1))[0];

        var response = await Reviews.Shop.Client.PostAsJsonAsync("/api/marketing/unsubscribe", new { token = ReviewTestClient.UnsubscribeToken(first.Text) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal("stopped: unsubscribe", (await Reviews.EndAsync(orderId)).StoppedBecause);

        // Another order of the same customer: its order emails come, its review requests do not.
        var (second, _) = await Reviews.DeliveredOrderAsync(email);
        await Reviews.RunNowAsync(second);
        Assert.Equal("unsubscribe", (await Reviews.EndAsync(second)).StoppedBecause);
        Assert.Empty(await Reviews.RequestEmailsAsync(second));
        Assert.Contains("delivered", await Reviews.Shop.EmailsAsync(second), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unsubscribe_WithAForgedToken_IsRefused()
    {
        var response = await Reviews.Shop.Client.PostAsJsonAsync("/api/marketing/unsubscribe", new { token = "dTF8fGFAYi5j.AAAA" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
