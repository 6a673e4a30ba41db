using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;

namespace Shop.Infrastructure;

/// <summary>
/// Copies of rows shown to shoppers (products, stock levels), each kept for a short time so that busy pages do not
/// read the same rows again and again. The store that owns the rows keeps a copy of everything it reads or writes,
/// so its own process never shows an older row than it wrote; other processes' changes show once a copy expires.
/// Nothing that decides (prices at validation, stock holds) reads from here.
/// </summary>
internal sealed class DisplayCopies(TimeSpan keepFor) : IDisposable
{
    private readonly MemoryCache _copies = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public bool TryGet(string key, out TableEntity entity)
    {
        if (_copies.TryGetValue(key, out TableEntity? found))
        {
            entity = found!;
            return true;
        }

        entity = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="entity"/> (never changed afterwards) as the copy of <paramref name="key"/>.</summary>
    public void Keep(string key, TableEntity entity)
    {
        if (keepFor > TimeSpan.Zero)
        {
            _copies.Set(key, entity, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keepFor });
        }
    }

    public void Forget(string key) => _copies.Remove(key);

    /// <summary>The rows of <paramref name="keys"/> from their copies, and the rest through <paramref name="read"/> (which keeps copies).</summary>
    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(
        IEnumerable<string> keys,
        Func<TableEntity, T> map,
        Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, T>>> read)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(read);
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (TryGet(key, out var entity))
            {
                found[key] = map(entity);
            }
            else
            {
                missing.Add(key);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var (key, value) in await read(missing))
            {
                found[key] = value;
            }
        }

        return found;
    }

    public void Dispose() => _copies.Dispose();
}
