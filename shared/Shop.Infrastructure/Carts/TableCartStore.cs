using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Catalog;

namespace Shop.Infrastructure.Carts;

/// <summary>Carts in Table storage: one entity per cart (<c>PartitionKey = cart id</c>, <c>RowKey = cart.{id}</c>), lines as JSON.</summary>
internal sealed class TableCartStore(StorageClientFactory storage, IOptions<CartOptions> options) : ICartStore
{
    private const string Kind = "cart";

    private readonly TableHandle _table = new(storage, options.Value.Table);

    public async Task<StoredCart?> GetAsync(string cartId, CancellationToken cancellationToken = default)
    {
        if (!CartIds.IsWellFormed(cartId))
        {
            return null;
        }

        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(cartId, Row(cartId), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new StoredCart(ToCart(entity), entity.ETag.ToString()) : null;
    }

    public async Task<string> CreateAsync(Cart cart, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var table = await _table.GetAsync(cancellationToken);
        var response = await table.AddEntityAsync(ToEntity(cart), cancellationToken);
        return await ETagOfAsync(table, cart.Id, response, cancellationToken);
    }

    public async Task<string> ReplaceAsync(Cart cart, string eTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        ArgumentException.ThrowIfNullOrEmpty(eTag);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(cart), new ETag(eTag), TableUpdateMode.Replace, cancellationToken);
            return await ETagOfAsync(table, cart.Id, response, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new CartVersionMismatchException($"Cart '{cart.Id}' changed meanwhile.", ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new CartNotFoundException($"No cart has id '{cart.Id}'.", ex);
        }
    }

    private static async Task<string> ETagOfAsync(TableClient table, string cartId, Response response, CancellationToken cancellationToken)
    {
        if (response.Headers.ETag is { } tag)
        {
            return tag.ToString();
        }

        var stored = await table.GetEntityAsync<TableEntity>(cartId, Row(cartId), ["PartitionKey"], cancellationToken);
        return stored.Value.ETag.ToString();
    }

    private static string Row(string cartId) => TableKeys.Row(Kind, cartId);

    private static TableEntity ToEntity(Cart cart) => new(cart.Id, Row(cart.Id))
    {
        ["Status"] = cart.Status.ToString(),
        ["Lines"] = JsonSerializer.Serialize(cart.Lines.Select(l => new StoredLine(l.Sku, l.Quantity)).ToList(), StoredLineJson.Options),
        ["Email"] = cart.Email,
        ["Country"] = cart.Destination?.Country,
        ["PostalCode"] = cart.Destination?.PostalCode,
        ["Region"] = cart.Destination?.Region,
        ["CreatedAt"] = cart.CreatedAt,
        ["LastActivityAt"] = cart.LastActivityAt,
        ["ExpiresAt"] = cart.ExpiresAt,
        ["LifetimeSeconds"] = (long)cart.Lifetime.TotalSeconds,
        ["OrderId"] = cart.OrderId,
        ["RemindersStarted"] = cart.RemindersStarted ? true : null,
    };

    private static Cart ToCart(TableEntity entity)
    {
        var lines = JsonSerializer.Deserialize<List<StoredLine>>(entity.GetString("Lines") ?? "[]", StoredLineJson.Options) ?? [];
        var country = entity.GetString("Country");
        var destination = country is null
            ? null
            : ShippingDestination.Create(country, entity.GetString("PostalCode") ?? string.Empty, entity.GetString("Region"));
        return Cart.Restore(
            entity.PartitionKey,
            lines.Select(l => new CartLine(l.Sku, l.Quantity)),
            entity.GetString("Email"),
            destination,
            entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch,
            entity.GetDateTimeOffset("LastActivityAt") ?? DateTimeOffset.UnixEpoch,
            entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.UnixEpoch,
            TimeSpan.FromSeconds(entity.GetInt64("LifetimeSeconds") ?? 0),
            Enum.Parse<CartStatus>(entity.GetString("Status") ?? nameof(CartStatus.Open)),
            entity.GetString("OrderId"),
            entity.GetBoolean("RemindersStarted") ?? false);
    }

    private sealed record StoredLine(string Sku, int Quantity);

    private static class StoredLineJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
