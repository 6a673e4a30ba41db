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
    private readonly FirstWriterTable _table = new(storage, options.Value.RequestsTable);

    /// <summary>Claims <paramref name="idempotencyKey"/> for a new order, or returns what the first request claimed.</summary>
    public async Task<(string OrderId, string RequestHash, string CartId)> ClaimAsync(string idempotencyKey, string requestHash, string cartId, string proposedOrderId, CancellationToken cancellationToken = default)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        var claim = await _table.ClaimAsync(
            new TableEntity(key, TableKeys.Row("checkout", key)) { ["OrderId"] = proposedOrderId, ["RequestHash"] = requestHash, ["CartId"] = cartId },
            cancellationToken: cancellationToken);
        var row = claim.Row!;
        return (row.GetString("OrderId"), row.GetString("RequestHash"), row.GetString("CartId"));
    }
}
