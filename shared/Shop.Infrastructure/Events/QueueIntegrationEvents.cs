using Microsoft.Extensions.Options;
using Shop.Domain.Events;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Events;

/// <summary>Publishes to a Storage queue (there is no Service Bus emulator here): one message per event, the CloudEvent as its text.</summary>
public sealed class QueueIntegrationEvents(QueueSender queues, IOptions<EventsOptions> options) : IIntegrationEvents
{
    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default) =>
        queues.SendAsync(options.Value.Queue, CloudEvents.ToJson(integrationEvent, options.Value.Source), cancellationToken: cancellationToken);
}
