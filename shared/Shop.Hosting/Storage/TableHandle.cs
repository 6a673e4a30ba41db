using Azure.Data.Tables;

namespace Shop.Hosting.Storage;

/// <summary>A table client whose table is created once, on first use (a failed creation is tried again next time).</summary>
public sealed class TableHandle(StorageClientFactory storage, string name)
{
    private readonly Lock _gate = new();
    private Task<TableClient>? _ready;

    public string Name => name;

    public Task<TableClient> GetAsync(CancellationToken cancellationToken = default)
    {
        var ready = _ready;
        if (ready is { IsCompletedSuccessfully: true })
        {
            return ready;
        }

        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = CreateAsync();
            }

            return _ready.WaitAsync(cancellationToken);
        }
    }

    private async Task<TableClient> CreateAsync()
    {
        var client = storage.GetTableServiceClient().GetTableClient(name);
        await client.CreateIfNotExistsAsync(CancellationToken.None);
        return client;
    }
}
