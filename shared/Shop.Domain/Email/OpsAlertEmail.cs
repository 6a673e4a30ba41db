using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>Ops alert about a return or a dispute that needs a person: what, and where to act.</summary>
public sealed record OpsAlertEmail(
    string Title,
    string Detail,
    string? OrderId,
    Uri? AdminUrl) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.OpsAlert;

    [JsonIgnore]
    public override string? OrderReference => OrderId;
}
