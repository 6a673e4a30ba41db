namespace Shop.Domain.Carts;

/// <summary>Where carts are kept: point reads by cart id, conditional writes by ETag.</summary>
public interface ICartStore
{
    /// <summary>The cart and its ETag, or null.</summary>
    Task<StoredCart?> GetAsync(string cartId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new cart; returns its ETag.</summary>
    Task<string> CreateAsync(Cart cart, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the cart if its stored ETag is still <paramref name="eTag"/>; returns the new ETag. Throws
    /// <see cref="CartVersionMismatchException"/> when it changed meanwhile, <see cref="CartNotFoundException"/> when it is gone.
    /// </summary>
    Task<string> ReplaceAsync(Cart cart, string eTag, CancellationToken cancellationToken = default);
}
