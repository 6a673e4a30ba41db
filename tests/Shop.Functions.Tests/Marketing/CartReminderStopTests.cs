using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Carts;
using Shop.Orchestrations.Marketing;

namespace Shop.Functions.Tests.Marketing;

/// <summary>
/// Cart reminders driven by the admin trigger: checkout, an emptied cart and an unsubscribe each stop the sequence at
/// once and no reminder follows; a duplicate start or a step run twice sends nothing twice.
/// </summary>
public sealed class CartReminderStopTests(CartReminderAppFactory app) : IClassFixture<CartReminderAppFactory>, IAsyncLifetime
{
    private CartReminderTestClient _carts = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        _carts = new CartReminderTestClient(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Checkout_StopsTheRemindersAtOnce()
    {
        var (cartId, _, email) = await _carts.RemindableCartAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await _carts.Shop.CheckoutAsync(cartId, idempotencyKey: Guid.NewGuid().ToString(), email: email)).StatusCode);

        Assert.Equal("stopped: checkout", (await _carts.EndAsync(cartId)).StoppedBecause);
        Assert.Equal("ended", await _carts.RunNowAsync(cartId));
        Assert.Empty(await _carts.RemindersAsync(email));
    }

    [Fact]
    public async Task EmptyingTheCart_StopsTheRemindersAtOnce()
    {
        var (cartId, sku, email) = await _carts.RemindableCartAsync();

        (await _carts.Shop.Client.DeleteAsync(new Uri($"/api/carts/{cartId}/items/{sku}", UriKind.Relative))).EnsureSuccessStatusCode();

        Assert.Equal("stopped: emptied", (await _carts.EndAsync(cartId)).StoppedBecause);
        Assert.Empty(await _carts.RemindersAsync(email));
    }

    [Fact]
    public async Task TheTrigger_SendsTheRemindersInTurn_AndTheSequenceEndsAfterTwo()
    {
        var (cartId, _, email) = await _carts.RemindableCartAsync();

        Assert.Equal("advanced", await _carts.RunNowAsync(cartId));
        await _carts.WaitForRemindersAsync(email, 1);
        Assert.Equal("advanced", await _carts.RunNowAsync(cartId));

        Assert.Equal(2, (await _carts.EndAsync(cartId)).Sent);
        Assert.Equal(2, (await _carts.RemindersAsync(email)).Count);
    }

    [Fact]
    public async Task Unsubscribe_StopsThisCart_AndEveryOtherCartOfTheAddress_ButNotItsOrderEmails()
    {
        var (cartId, _, email) = await _carts.RemindableCartAsync();
        await _carts.RunNowAsync(cartId);
        var reminder = (await _carts.WaitForRemindersAsync(email, 1))[0];

        var response = await _carts.Shop.Client.PostAsJsonAsync("/api/marketing/unsubscribe", new { token = CartReminderTestClient.UnsubscribeToken(reminder) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stopped: unsubscribe", (await _carts.EndAsync(cartId)).StoppedBecause);

        // Another cart of the same address: its reminder is not sent; its order's confirmation is.
        var (other, _, _) = await _carts.RemindableCartAsync(email);
        Assert.Equal("advanced", await _carts.RunNowAsync(other));
        Assert.Equal("unsubscribe", (await _carts.EndAsync(other)).StoppedBecause);
        Assert.Single(await _carts.RemindersAsync(email));
        var order = await _carts.Shop.CheckoutAsync(await _carts.Shop.CartWithAsync(await _carts.Shop.AddProductAsync(), 1), idempotencyKey: Guid.NewGuid().ToString(), email: email);
        var orderId = (await order.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("orderId").GetString()!;
        await _carts.Shop.WaitForStatusAsync(orderId, "confirmed");
        await Shop.Testing.Eventually.TrueAsync(async () => (await _carts.Shop.EmailsAsync(orderId)).Contains("orderConfirmed"), "the order confirmation");
    }

    [Fact]
    public async Task ADuplicateStart_AndAStepRunTwice_SendOneReminder()
    {
        var (cartId, _, email) = await _carts.RemindableCartAsync();
        var created = (await _carts.InstanceAsync(cartId))!.CreatedAt;

        Assert.True(await app.Services.GetRequiredService<ICartReminders>().TryStartAsync(cartId));
        Assert.Equal(created, (await _carts.InstanceAsync(cartId))!.CreatedAt);

        await using var scope = app.Services.CreateAsyncScope();
        var steps = scope.ServiceProvider.GetRequiredService<CartReminderSteps>();
        var step = new CartReminderStep(cartId, 1, null, TimeSpan.FromHours(1));
        Assert.True((await steps.SendAsync(step)).Sent);
        Assert.True((await steps.SendAsync(step)).Sent);
        Assert.Single(await _carts.RemindersAsync(email));
    }

    [Fact]
    public async Task TheSendStep_WaitsForACartLeftLongEnough()
    {
        var (cartId, _, email) = await _carts.RemindableCartAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var outcome = await scope.ServiceProvider.GetRequiredService<CartReminderSteps>().SendAsync(new CartReminderStep(cartId, 1, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));

        Assert.False(outcome.Sent);
        Assert.Null(outcome.StoppedBecause);
        Assert.True(outcome.DueAt > DateTimeOffset.UtcNow.AddMinutes(55));
        Assert.Empty(await _carts.RemindersAsync(email));
    }
}
