using System.Text.Json.Serialization;

namespace Shop.Domain.Email;

/// <summary>The order could not be accepted (out of stock, or it failed validation); <see cref="Reasons"/> say what, one per line.</summary>
public sealed record OrderRejectedEmail(
    string OrderId,
    string CustomerName,
    OrderRejectionKind Kind,
    IReadOnlyList<string> Reasons) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.OrderRejected;

    [JsonIgnore]
    public bool IsOutOfStock => Kind == OrderRejectionKind.OutOfStock;
}
