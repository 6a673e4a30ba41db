namespace Shop.Domain.Carts;

/// <summary>A cart's life: open until it is checked out, or until it expires after a time without activity.</summary>
public enum CartStatus
{
    Open,
    CheckedOut,
    Expired,
}
