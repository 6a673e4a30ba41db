using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Shop.Domain.Events;

namespace Shop.Infrastructure.Events;

/// <summary>
/// Publishes to the Service Bus topic: one message per event, the CloudEvent as its body, the event id as the message
/// id (the topic's duplicate detection drops a republished copy) and the type as its subject, so subscriptions can
/// filter on it.
/// </summary>
public sealed class ServiceBusIntegrationEvents(ServiceBusSender sender, IOptions<EventsOptions> options) : IIntegrationEvents
{
    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default) =>
        sender.SendMessageAsync(ToMessage(integrationEvent, options.Value.Source), cancellationToken);

    public static ServiceBusMessage ToMessage(IntegrationEvent integrationEvent, string source)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var message = new ServiceBusMessage(CloudEvents.ToJson(integrationEvent, source))
        {
            MessageId = integrationEvent.Id,
            ContentType = CloudEvents.ContentType,
            Subject = integrationEvent.Type,
        };
        message.ApplicationProperties["cloudEvents:type"] = integrationEvent.Type;
        message.ApplicationProperties["cloudEvents:subject"] = integrationEvent.Subject;
        return message;
    }
}
