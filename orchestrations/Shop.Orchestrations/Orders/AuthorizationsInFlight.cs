using System.Collections.Concurrent;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// The orders whose payment this process is authorizing right now. A payment event for one of them (the simulated
/// gateway sends it before its call returns, as Stripe's webhook may arrive before the API's answer) is already
/// answered by the authorization step's own result, so the event sink leaves it alone without a read.
/// </summary>
public sealed class AuthorizationsInFlight
{
    private readonly ConcurrentDictionary<string, int> _orders = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="orderId"/> as being authorized until the returned scope ends.</summary>
    public Scope Begin(string orderId)
    {
        _orders.AddOrUpdate(orderId, 1, (_, count) => count + 1);
        return new Scope(this, orderId);
    }

    public bool Contains(string orderId) => _orders.ContainsKey(orderId);

    private void End(string orderId)
    {
        while (_orders.TryGetValue(orderId, out var count))
        {
            if (count <= 1 ? _orders.TryRemove(new KeyValuePair<string, int>(orderId, count)) : _orders.TryUpdate(orderId, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>One authorization in progress; disposing it ends it.</summary>
    public readonly struct Scope(AuthorizationsInFlight owner, string orderId) : IDisposable
    {
        public void Dispose() => owner?.End(orderId);
    }
}
