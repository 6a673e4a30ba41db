using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Common;
using Shop.Domain.Email;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Email.Outbox;

namespace Shop.Functions.Tests.Dev;

/// <summary><c>GET /api/dev/outbox</c> and <c>GET /api/dev/outbox/{id}</c> through the app's real pipeline.</summary>
public sealed class DevOutboxFunctionsTests(DevAppFactory app) : IClassFixture<DevAppFactory>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Outbox_ListsWhatWasSent_NewestFirst_FilteredByRecipientAndOrder()
    {
        var sender = app.Services.GetRequiredService<IEmailSender>();
        Assert.IsType<OutboxEmailSender>(sender);
        var orderA = "ord_" + Guid.NewGuid().ToString("N");
        var orderB = "ord_" + Guid.NewGuid().ToString("N");
        var ana = new EmailRecipient($"ana-{orderA[4..12]}@example.com");
        var confirmed = await sender.SendAsync(ana, Confirmed(orderA), orderA + ":confirmed");
        var cancelled = await sender.SendAsync(ana, new OrderCancelledEmail(orderA, "Ana", "you asked us to cancel it.", new Money(20m, "EUR")), orderA + ":cancelled");
        await sender.SendAsync(new EmailRecipient("bo@example.com"), Confirmed(orderB), orderB + ":confirmed");
        using var client = app.CreateClient();

        var forOrderA = (await client.GetFromJsonAsync<List<ListItem>>($"/api/dev/outbox?orderId={orderA}", Json))!;
        var toAna = await client.GetFromJsonAsync<List<ListItem>>($"/api/dev/outbox?to={ana.Address.ToUpperInvariant()}", Json);
        var all = await client.GetFromJsonAsync<List<ListItem>>("/api/dev/outbox", Json);

        Assert.Equal(new[] { cancelled.MessageId, confirmed.MessageId }.Order(), forOrderA.Select(m => m.Id).Order());
        Assert.True(forOrderA[0].SentAt >= forOrderA[1].SentAt, "newest first");
        Assert.Equal(forOrderA.Select(m => m.Id).Order(), toAna!.Select(m => m.Id).Order());
        Assert.True(all!.Count >= 3);
        Assert.Equal(all.OrderByDescending(m => m.SentAt).Select(m => m.SentAt), all.Select(m => m.SentAt));
        Assert.All(forOrderA, m => Assert.Equal($"/api/dev/outbox/{m.Id}", m.Href));
        Assert.Contains(forOrderA, m => m.Template == "orderCancelled" && m.Subject == $"Order {orderA} is cancelled");
    }

    [Fact]
    public async Task OutboxMessage_RendersItsHtml_AndItsTextOnRequest()
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        var sent = await app.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailRecipient("ana@example.com"), Confirmed(orderId), orderId + ":confirmed");
        using var client = app.CreateClient();

        var html = await client.GetAsync($"/api/dev/outbox/{sent.MessageId}");
        var text = await client.GetAsync($"/api/dev/outbox/{sent.MessageId}?format=text");

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains($"<title>Your Shop order {orderId} is confirmed</title>", page, StringComparison.Ordinal);
        Assert.Contains("€20.00", page, StringComparison.Ordinal);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Total: €20.00", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_PutOneMessageOfEveryTemplateInTheOutbox()
    {
        using var client = app.CreateClient();
        var to = $"samples-{Guid.NewGuid():N}@example.com";

        var response = await client.PostAsync($"/api/dev/outbox/samples?to={to}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await response.Content.ReadFromJsonAsync<List<ListItem>>(Json))!;
        Assert.Equal(EmailSamples.All().Count(), listed.Count);
        Assert.Equal(Enum.GetValues<EmailTemplate>().Length, listed.Select(m => m.Template).Distinct().Count());
        Assert.All(listed, m => Assert.Equal(to, m.To));
    }

    [Fact]
    public async Task OutboxMessage_Unknown_IsANotFoundProblem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/dev/outbox/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Outbox_WithAnOutOfRangeTop_IsAValidationProblemNamingTheField()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/dev/outbox?top=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("top", out _));
    }

    private static OrderConfirmedEmail Confirmed(string orderId) => new(
        orderId,
        "Ana",
        [new EmailOrderLine("MUG-BLUE", "Blue enamel mug", 1, new Money(15m, "EUR"))],
        new Money(15m, "EUR"),
        new Money(5m, "EUR"),
        new Money(0m, "EUR"),
        new Money(20m, "EUR"),
        "Calle Mayor 1, 28013 Madrid, ES",
        new Uri("https://shop.example/orders/" + orderId));

    private sealed record ListItem(string Id, string To, string Subject, string Template, string? OrderId, DateTimeOffset SentAt, string Href);
}
