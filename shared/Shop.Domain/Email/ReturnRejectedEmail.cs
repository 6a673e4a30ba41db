namespace Shop.Domain.Email;

/// <summary>A return was refused, or ended because its parcel never came: why.</summary>
public sealed record ReturnRejectedEmail(
    string OrderId,
    string CustomerName,
    string ReturnId,
    string Reason) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ReturnRejected;
}
