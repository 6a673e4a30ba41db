using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Checkout;

/// <summary>
/// Idempotency keys of checkouts: the first request with a key claims it (an insert, so two racing requests cannot
/// both win) and records the order id it places and a hash of its body. The key itself is hashed into the row key.
/// </summary>
public sealed class CheckoutRequestStore(StorageClientFactory storage, IOptions<CheckoutOptions> options)
{
    private readonly TableHandle _table = new(storage, options.Value.RequestsTable);

    /// <summary>Claims <paramref name="idempotencyKey"/> for a new order, or returns what the first request claimed.</summary>
    public async Task<(string OrderId, string RequestHash, string CartId)> ClaimAsync(string idempotencyKey, string requestHash, string cartId, string proposedOrderId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        var rowKey = TableKeys.Row("checkout", key);
        try
        {
            await table.AddEntityAsync(new TableEntity(key, rowKey) { ["OrderId"] = proposedOrderId, ["RequestHash"] = requestHash, ["CartId"] = cartId }, cancellationToken);
            return (proposedOrderId, requestHash, cartId);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(key, rowKey, cancellationToken: cancellationToken)).Value;
            return (existing.GetString("OrderId"), existing.GetString("RequestHash"), existing.GetString("CartId"));
        }
    }
}
