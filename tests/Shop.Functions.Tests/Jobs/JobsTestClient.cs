using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Jobs;

/// <summary>Drives the scheduled jobs through their admin triggers and looks at what they left: reports, ops emails, queues.</summary>
internal sealed class JobsTestClient(OrderAppFactory app, OrderTestClient shop)
{
    private const string Ops = "ops@shop.example";

    public async Task RunReorderCheckAsync()
    {
        var response = await shop.Admin.PostAsync("/api/admin/jobs/reorder", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await QueueDrainedAsync(app.Settings["Reorder__Queue"]!);
    }

    /// <summary>Waits until every message of <paramref name="queue"/> was handled (none visible or invisible).</summary>
    public async Task QueueDrainedAsync(string queue)
    {
        var client = new QueueClient(app.StorageConnectionString, queue);
        await Eventually.TrueAsync(
            async () => !await client.ExistsAsync() || (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            $"queue {queue} handled");
    }

    public Task SendToQueueAsync(string queue, string message)
    {
        var client = new QueueClient(app.StorageConnectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        return client.SendMessageAsync(message);
    }

    /// <summary>The CloudEvents on the local events queue (peeked: they stay there).</summary>
    public async Task<List<JsonElement>> EventsAsync()
    {
        var client = new QueueClient(app.StorageConnectionString, app.Settings["Events__Queue"]!);
        if (!await client.ExistsAsync())
        {
            return [];
        }

        var events = new List<JsonElement>();
        foreach (var message in (await client.PeekMessagesAsync(32)).Value)
        {
            events.Add(JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText))).RootElement.Clone());
        }

        return events;
    }

    public async Task<JsonElement> ReorderReportAsync() => await shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/reorder");

    /// <summary>The ops emails whose subject mentions <paramref name="text"/>: (template, subject).</summary>
    public async Task<List<(string Template, string Subject)>> OpsEmailsAsync(string text)
    {
        var items = await shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?to={Ops}&top=500");
        return items.EnumerateArray()
            .Select(e => (e.GetProperty("template").GetString()!, e.GetProperty("subject").GetString()!))
            .Where(e => e.Item2.Contains(text, StringComparison.Ordinal))
            .ToList();
    }
}
