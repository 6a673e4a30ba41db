namespace Shop.Domain.Events;

/// <summary>Where integration events go out: a Service Bus topic in Azure, a Storage queue locally.</summary>
public interface IIntegrationEvents
{
    /// <summary>Publishes <paramref name="integrationEvent"/> (at least once; a copy keeps its id).</summary>
    Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default);
}
