using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Shop.Functions.Tests.Orders;
using Shop.Orchestrations.Marketing;
using Shop.Testing;

namespace Shop.Functions.Tests.Marketing;

/// <summary>The calls a cart-reminder test makes: carts with an email, their reminder sequence, the reminders in the outbox.</summary>
internal sealed partial class CartReminderTestClient(CartReminderAppFactory app)
{
    public OrderTestClient Shop { get; } = new(app);

    /// <summary>A cart of a new product with an email of its own (its reminders start with the email), as (cart id, SKU, email).</summary>
    public async Task<(string CartId, string Sku, string Email)> RemindableCartAsync(string? email = null)
    {
        var sku = await Shop.AddProductAsync(price: 15m, stock: 10);
        var cartId = await Shop.CartWithAsync(sku, 2);
        email ??= $"cart-{Guid.NewGuid():N}@example.com";
        (await Shop.Client.PutAsJsonAsync($"/api/carts/{cartId}/email", new { email })).EnsureSuccessStatusCode();
        return (cartId, sku, email);
    }

    public async Task<OrchestrationMetadata?> InstanceAsync(string cartId) =>
        await app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(AbandonedCartReminders.InstanceId(cartId), getInputsAndOutputs: true);

    public async Task<AbandonedCartEnd> EndAsync(string cartId)
    {
        var instance = await Eventually.ValueAsync(() => InstanceAsync(cartId), i => i is { RuntimeStatus: OrchestrationRuntimeStatus.Completed }, $"the reminders of cart {cartId} to end");
        return instance!.ReadOutputAs<AbandonedCartEnd>()!;
    }

    public async Task<string> RunNowAsync(string cartId)
    {
        var response = await Shop.Admin.PostAsync(new Uri($"/api/admin/jobs/abandoned-carts/{cartId}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString()!;
    }

    /// <summary>The abandoned-cart reminders sent to <paramref name="email"/>, oldest first, as plain text.</summary>
    public async Task<List<string>> RemindersAsync(string email)
    {
        var items = await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}");
        var texts = new List<string>();
        foreach (var item in items.EnumerateArray().Where(e => e.GetProperty("template").GetString() == "abandonedCart").OrderBy(e => e.GetProperty("sentAt").GetDateTimeOffset()))
        {
            texts.Add(await Shop.Client.GetStringAsync($"/api/dev/outbox/{item.GetProperty("id").GetString()}?format=text"));
        }

        return texts;
    }

    public Task<List<string>> WaitForRemindersAsync(string email, int count) =>
        Eventually.ValueAsync(() => RemindersAsync(email), r => r.Count >= count, $"{count} cart reminders to {email}");

    public static string UnsubscribeToken(string text) => Uri.UnescapeDataString(UnsubscribeLink().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No unsubscribe link in:\n" + text));

    [GeneratedRegex(@"#/unsubscribe\?token=([A-Za-z0-9_%.\-]+)")]
    private static partial Regex UnsubscribeLink();
}
