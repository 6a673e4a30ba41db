using System.Text.Json.Serialization;

namespace Shop.Orchestrations.Orders;

/// <summary>What an authorization attempt came to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentOutcomeKind>))]
public enum PaymentOutcomeKind
{
    Authorized,

    /// <summary>The customer must complete an authentication step (3-D Secure) first.</summary>
    RequiresAction,

    Declined,
}
