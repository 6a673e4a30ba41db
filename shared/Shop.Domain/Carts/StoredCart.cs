namespace Shop.Domain.Carts;

/// <summary>A cart as stored, with the ETag of the stored version (for conditional writes).</summary>
public sealed record StoredCart(Cart Cart, string ETag);
