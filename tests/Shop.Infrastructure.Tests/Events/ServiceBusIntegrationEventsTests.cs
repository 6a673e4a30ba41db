using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Moq;
using Shop.Domain.Events;
using Shop.Infrastructure.Events;

namespace Shop.Infrastructure.Tests.Events;

/// <summary>The Service Bus adapter hands the SDK's sender one CloudEvent message per event (the sender is mocked: there is no Service Bus here).</summary>
public sealed class ServiceBusIntegrationEventsTests
{
    [Fact]
    public async Task AnEvent_IsSentAsACloudEventWithItsIdAsTheMessageId()
    {
        ServiceBusMessage? sent = null;
        var sender = new Mock<ServiceBusSender>();
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, _) => sent = m)
            .Returns(Task.CompletedTask);
        var events = new ServiceBusIntegrationEvents(sender.Object, Options.Create(new EventsOptions { Source = "urn:shop:test" }));
        var at = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

        await events.PublishAsync(IntegrationEvent.ForOrder(IntegrationEvent.OrderShipped, "20261206-abc", at, new JsonObject { ["orderId"] = "20261206-abc" }));

        sender.Verify(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull(sent);
        Assert.Equal("20261206-abc/shop.order.shipped", sent.MessageId);
        Assert.Equal("application/cloudevents+json", sent.ContentType);
        Assert.Equal("shop.order.shipped", sent.Subject);
        Assert.Equal("shop.order.shipped", sent.ApplicationProperties["cloudEvents:type"]);
        var body = JsonDocument.Parse(sent.Body.ToString()).RootElement;
        Assert.Equal("1.0", body.GetProperty("specversion").GetString());
        Assert.Equal("20261206-abc/shop.order.shipped", body.GetProperty("id").GetString());
        Assert.Equal("urn:shop:test", body.GetProperty("source").GetString());
        Assert.Equal("orders/20261206-abc", body.GetProperty("subject").GetString());
        Assert.Equal(at, body.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("20261206-abc", body.GetProperty("data").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task TheSameEventTwice_CarriesTheSameMessageId_SoDuplicateDetectionDropsTheCopy()
    {
        var ids = new List<string>();
        var sender = new Mock<ServiceBusSender>();
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, _) => ids.Add(m.MessageId))
            .Returns(Task.CompletedTask);
        var events = new ServiceBusIntegrationEvents(sender.Object, Options.Create(new EventsOptions()));
        var e = IntegrationEvent.ForOrder(IntegrationEvent.OrderPlaced, "o1", DateTimeOffset.UnixEpoch, []);

        await events.PublishAsync(e);
        await events.PublishAsync(e with { Data = [] });

        Assert.Equal(["o1/shop.order.placed", "o1/shop.order.placed"], ids);
    }
}
