using System.Net.Http.Json;
using Microsoft.DurableTask.Client;

namespace Shop.Functions.Tests.Marketing;

/// <summary>Cart reminders on the clock (seconds here): two reminders to a cart left alone; ordinary changes start nothing more.</summary>
public sealed class CartReminderClockTests(QuickCartReminderAppFactory app) : IClassFixture<QuickCartReminderAppFactory>, IAsyncLifetime
{
    private CartReminderTestClient _carts = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        _carts = new CartReminderTestClient(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACartLeftAlone_GetsTwoReminders_WithALinkBackToTheCart_AndAnUnsubscribeLink()
    {
        var (cartId, sku, email) = await _carts.RemindableCartAsync();

        var end = await _carts.EndAsync(cartId);

        Assert.Equal(2, end.Sent);
        var reminders = await _carts.RemindersAsync(email);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, text =>
        {
            Assert.Contains($"#/cart/{cartId}", text, StringComparison.Ordinal);
            Assert.Contains(sku, text, StringComparison.Ordinal);
            Assert.NotEmpty(CartReminderTestClient.UnsubscribeToken(text));
        });
    }

    [Fact]
    public async Task ACartWithoutEmail_OrWithoutLines_GetsNoSequence_AndLaterChangesStartOnlyOne()
    {
        var sku = await _carts.Shop.AddProductAsync(price: 15m, stock: 10);
        var noEmail = await _carts.Shop.CartWithAsync(sku, 1);
        var cart = await (await _carts.Shop.Client.PostAsync("/api/carts", null)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var emptyWithEmail = cart.GetProperty("id").GetString()!;
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{emptyWithEmail}/email", new { email = $"empty-{Guid.NewGuid():N}@example.com" })).EnsureSuccessStatusCode();

        Assert.Null(await _carts.InstanceAsync(noEmail));
        Assert.Null(await _carts.InstanceAsync(emptyWithEmail));

        // The first line makes it remindable: one sequence; more changes start nothing new.
        (await _carts.Shop.Client.PostAsJsonAsync($"/api/carts/{emptyWithEmail}/items", new { sku, quantity = 1 })).EnsureSuccessStatusCode();
        var created = (await _carts.InstanceAsync(emptyWithEmail))?.CreatedAt;
        Assert.NotNull(created);
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{emptyWithEmail}/items/{sku}", new { quantity = 3 })).EnsureSuccessStatusCode();
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{emptyWithEmail}/email", new { email = $"other-{Guid.NewGuid():N}@example.com" })).EnsureSuccessStatusCode();
        Assert.Equal(created, (await _carts.InstanceAsync(emptyWithEmail))!.CreatedAt);
        Assert.NotEqual(OrchestrationRuntimeStatus.Failed, (await _carts.InstanceAsync(emptyWithEmail))!.RuntimeStatus);
    }
}
