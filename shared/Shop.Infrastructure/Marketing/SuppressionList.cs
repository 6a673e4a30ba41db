using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Marketing;

/// <summary>
/// The addresses that asked for no more marketing email (review requests, abandoned-cart reminders); transactional
/// email (order confirmations, shipping, refunds) still goes to them. One row per address, keyed by the hash of the
/// address in lower case (any character an address may hold is safe in a key, and the key does not show it): checking
/// an address before a send is one point read, adding it one insert (a second unsubscribe changes nothing).
/// </summary>
public sealed class SuppressionList(StorageClientFactory storage, IOptions<MarketingOptions> options)
{
    private readonly TableHandle _table = new(storage, options.Value.SuppressionTable);

    public async Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default)
    {
        var (partition, row) = Keys(email);
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, ["PartitionKey"], cancellationToken);
        return found.HasValue;
    }

    /// <summary>Adds the address (idempotent); <paramref name="source"/> says which email's link it came from.</summary>
    public async Task SuppressAsync(string email, string? source, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var (partition, row) = Keys(email);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, row) { ["Source"] = source, ["At"] = at }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Unsubscribed already.
        }
    }

    private static (string Partition, string Row) Keys(string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var partition = "email." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
        return (partition, TableKeys.Row("suppressed", partition));
    }
}
