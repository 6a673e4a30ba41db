using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Events;

/// <summary>Integration events out (settings section <c>Events</c>).</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>
    /// The Service Bus namespace (<c>name.servicebus.windows.net</c>), reached with the app's managed identity. Empty
    /// (the local default): events go to the Storage queue <see cref="Queue"/>.
    /// </summary>
    public string ServiceBusNamespace { get; set; } = string.Empty;

    /// <summary>The user-assigned identity's client id for Service Bus; empty: the storage connection's (<c>AzureWebJobsStorage__clientId</c>), else the default credential.</summary>
    public string ServiceBusClientId { get; set; } = string.Empty;

    /// <summary>The Service Bus topic (default <c>shop-events</c>).</summary>
    [Required]
    public string Topic { get; set; } = "shop-events";

    /// <summary>The Storage queue used when no Service Bus namespace is set (default <c>integration-events</c>).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string Queue { get; set; } = "integration-events";

    /// <summary>The CloudEvents <c>source</c> of every event (default <c>urn:shop</c>).</summary>
    [Required]
    public string Source { get; set; } = "urn:shop";
}
