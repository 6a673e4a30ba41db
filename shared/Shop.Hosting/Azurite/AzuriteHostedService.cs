using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Hosting.Azurite;

/// <summary>
/// In Development, when the storage connection is the emulator and nothing answers on its ports, starts
/// Azurite from <c>node_modules</c> with its data in a git-ignored folder, and stops it with the app.
/// Registered first, so it is up before anything touches storage.
/// </summary>
internal sealed partial class AzuriteHostedService(
    StorageClientFactory storage,
    IOptions<HostingOptions> options,
    IHostEnvironment environment,
    ILogger<AzuriteHostedService> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !options.Value.StartAzurite)
        {
            return;
        }

        var connection = storage.GetConnection();
        if (!connection.IsEmulator)
        {
            return;
        }

        var (blob, queue, table) = connection.EmulatorEndpoints();
        if (!IsLoopback(blob) || !IsLoopback(queue) || !IsLoopback(table))
        {
            return;
        }

        var azuriteOptions = new AzuriteOptions
        {
            BlobPort = blob.Port,
            QueuePort = queue.Port,
            TablePort = table.Port,
            Location = Path.GetFullPath(Path.Combine(FindRepositoryRoot() ?? environment.ContentRootPath, options.Value.AzuriteLocation)),
        };
        if (await AzuriteProcess.IsListeningAsync(azuriteOptions, cancellationToken))
        {
            Log.AlreadyRunning(logger, blob.Port, queue.Port, table.Port);
            return;
        }

        Log.Starting(logger, blob.Port, queue.Port, table.Port, azuriteOptions.Location!);
        _azurite = await AzuriteProcess.StartAsync(azuriteOptions, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is { } azurite)
        {
            _azurite = null;
            await azurite.DisposeAsync();
        }
    }

    private static bool IsLoopback(Uri uri) => uri.IsLoopback;

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "host.json")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Azurite already answers on 127.0.0.1:{BlobPort}/{QueuePort}/{TablePort}; using it")]
        public static partial void AlreadyRunning(ILogger logger, int blobPort, int queuePort, int tablePort);

        [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Starting Azurite on 127.0.0.1:{BlobPort}/{QueuePort}/{TablePort} with data in {Location}")]
        public static partial void Starting(ILogger logger, int blobPort, int queuePort, int tablePort, string location);
    }
}
