using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>A message to a customer about one of their orders.</summary>
public abstract record OrderEmailModel(string OrderId, string CustomerName) : EmailModel
{
    [JsonIgnore]
    public override string? OrderReference => OrderId;
}
