namespace Shop.Domain.Email;

/// <summary>Why an order was refused before payment.</summary>
public enum OrderRejectionKind
{
    OutOfStock,
    Validation,
}
