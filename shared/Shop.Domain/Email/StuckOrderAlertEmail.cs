using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>Ops alert: an order has not moved for too long.</summary>
public sealed record StuckOrderAlertEmail(
    string OrderId,
    string Status,
    DateTimeOffset StuckSince,
    string? LastError,
    Uri? AdminUrl) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.StuckOrderAlert;

    [JsonIgnore]
    public override string? OrderReference => OrderId;
}
