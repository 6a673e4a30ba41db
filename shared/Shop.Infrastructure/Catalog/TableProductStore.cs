using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Catalog;

/// <summary>
/// Products in one table partition (<c>PartitionKey = 'product'</c>, <c>RowKey = SKU</c>): a product is a point read,
/// a page of the catalog a single-partition query in SKU order that resumes after the last SKU shown. Category
/// filters run in the query (through <see cref="TableClient.CreateQueryFilter(FormattableString)"/>); text search is
/// applied to the partition's rows in memory (fine for a catalog of up to a few thousand products).
/// </summary>
internal sealed class TableProductStore(StorageClientFactory storage, IOptions<CatalogOptions> options) : IProductStore, IDisposable
{
    public const string Partition = "product";
    private const int MaxRowsPerRequest = 1000;

    private readonly TableHandle _table = new(storage, options.Value.ProductsTable);
    private readonly DisplayCopies _shown = new(TimeSpan.FromSeconds(options.Value.DisplayCacheSeconds));

    public async Task<Product?> GetAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (!Skus.TryNormalize(sku, out var key))
        {
            return null;
        }

        var table = await _table.GetAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        _shown.Keep(key, entity);
        return ToProduct(entity);
    }

    public Task<IReadOnlyDictionary<string, Product>> GetShownAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        return _shown.GetManyAsync(
            skus.Select(s => Skus.TryNormalize(s, out var k) ? k : null).OfType<string>(),
            ToProduct,
            missing => GetManyAsync(missing, cancellationToken));
    }

    public void Dispose() => _shown.Dispose();

    public async Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var found = new ConcurrentDictionary<string, Product>(StringComparer.Ordinal);
        var keys = skus.Select(s => Skus.TryNormalize(s, out var k) ? k : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (sku, ct) =>
        {
            if (await GetAsync(sku, ct) is { } product)
            {
                found[sku] = product;
            }
        });
        return found;
    }

    public async Task<ProductPage> ListAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Active eq {true}");
        if (query.AfterSku is { Length: > 0 } after)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            filter += " and " + TableClient.CreateQueryFilter($"CategoryKey eq {Product.KeyOf(query.Category)}");
        }

        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim();
        var perRequest = text is null ? Math.Min(query.PageSize + 1, MaxRowsPerRequest) : MaxRowsPerRequest;
        var items = new List<Product>(query.PageSize + 1);
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, perRequest, cancellationToken: cancellationToken))
        {
            var product = ToProduct(entity);
            if (text is not null && !Matches(product, text))
            {
                continue;
            }

            items.Add(product);
            if (items.Count > query.PageSize)
            {
                break;
            }
        }

        if (items.Count <= query.PageSize)
        {
            return new ProductPage(items, null);
        }

        items.RemoveAt(query.PageSize);
        return new ProductPage(items, items[^1].Sku);
    }

    public async Task<IReadOnlyList<CategorySummary>> GetCategoriesAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Active eq {true}");
        var counts = new Dictionary<string, (string Name, int Count)>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, MaxRowsPerRequest, ["Category"], cancellationToken))
        {
            var name = entity.GetString("Category") ?? string.Empty;
            var key = Product.KeyOf(name);
            counts[key] = counts.TryGetValue(key, out var seen) ? (seen.Name, seen.Count + 1) : (name, 1);
        }

        return counts.Values
            .Select(c => new CategorySummary(c.Name, c.Count))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<bool> UpsertAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (await AddIfAbsentAsync(product, cancellationToken))
        {
            return true;
        }

        var table = await _table.GetAsync(cancellationToken);
        var entity = ToEntity(product);
        try
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        finally
        {
            _shown.Forget(entity.RowKey);
        }

        _shown.Keep(entity.RowKey, entity);
        return false;
    }

    public async Task<bool> AddIfAbsentAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            var entity = ToEntity(product);
            await table.AddEntityAsync(entity, cancellationToken);
            _shown.Keep(entity.RowKey, entity);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, 1, ["RowKey"], cancellationToken))
        {
            return true;
        }

        return false;
    }

    private static bool Matches(Product product, string text) =>
        product.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || product.Description.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static TableEntity ToEntity(Product product) => new(Partition, product.Sku)
    {
        ["Name"] = product.Name,
        ["Description"] = product.Description,
        ["Category"] = product.Category,
        ["CategoryKey"] = product.CategoryKey,
        ["PriceMinorUnits"] = product.Price.MinorUnits,
        ["Currency"] = product.Price.Currency,
        ["WeightGrams"] = product.WeightGrams,
        ["ImageUrls"] = JsonSerializer.Serialize(product.ImageUrls.Select(u => u.AbsoluteUri)),
        ["Active"] = product.Active,
    };

    private static Product ToProduct(TableEntity entity)
    {
        var images = JsonSerializer.Deserialize<string[]>(entity.GetString("ImageUrls") ?? "[]") ?? [];
        return Product.Create(
            entity.RowKey,
            entity.GetString("Name") ?? entity.RowKey,
            entity.GetString("Description") ?? string.Empty,
            entity.GetString("Category") ?? "Uncategorized",
            Money.FromMinorUnits(entity.GetInt64("PriceMinorUnits") ?? 0, entity.GetString("Currency") ?? "USD"),
            entity.GetInt32("WeightGrams") ?? 0,
            images.Select(u => new Uri(u, UriKind.Absolute)),
            entity.GetBoolean("Active") ?? true);
    }
}
