using Microsoft.Extensions.Configuration;

namespace Shop.Hosting.Storage;

/// <summary>
/// A storage account as the Functions host names one: either a connection string in the setting itself
/// (<c>AzureWebJobsStorage=UseDevelopmentStorage=true</c>), or identity-based service URIs
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
/// <c>__credential=managedidentity</c>, <c>__clientId</c>).
/// </summary>
public sealed record StorageConnection
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public required string Name { get; init; }

    public string? ConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }

    public Uri? QueueServiceUri { get; init; }

    public Uri? TableServiceUri { get; init; }

    /// <summary>The user-assigned identity's client id, when the credential is a managed identity.</summary>
    public string? ClientId { get; init; }

    /// <summary>True when the connection points at the local emulator (Azurite).</summary>
    public bool IsEmulator => ConnectionString is not null && (
        ConnectionString.Contains(DevelopmentStorage, StringComparison.OrdinalIgnoreCase)
        || ConnectionString.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase));

    public static StorageConnection FromConfiguration(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[name];
        if (!string.IsNullOrWhiteSpace(value))
        {
            return new StorageConnection { Name = name, ConnectionString = value };
        }

        var section = configuration.GetSection(name);
        var account = section["accountName"];
        Uri? Service(string key, string kind) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{kind}.core.windows.net") : null;

        var connection = new StorageConnection
        {
            Name = name,
            BlobServiceUri = Service("blobServiceUri", "blob"),
            QueueServiceUri = Service("queueServiceUri", "queue"),
            TableServiceUri = Service("tableServiceUri", "table"),
            ClientId = section["clientId"],
        };
        if (connection.BlobServiceUri is null && connection.QueueServiceUri is null && connection.TableServiceUri is null)
        {
            throw new InvalidOperationException(
                $"The storage connection '{name}' is not configured: set '{name}' to a connection string, or '{name}__queueServiceUri' (and blob, table) for identity-based access.");
        }

        return connection;
    }

    /// <summary>The blob, queue and table endpoints of an emulator connection string (for starting Azurite on them).</summary>
    public (Uri Blob, Uri Queue, Uri Table) EmulatorEndpoints()
    {
        if (ConnectionString is null || ConnectionString.Contains(DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
        {
            return (new Uri("http://127.0.0.1:10000/devstoreaccount1"), new Uri("http://127.0.0.1:10001/devstoreaccount1"), new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        }

        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        Uri Get(string key) => parts.TryGetValue(key, out var v) ? new Uri(v) : throw new InvalidOperationException($"The emulator connection string has no {key}.");
        return (Get("BlobEndpoint"), Get("QueueEndpoint"), Get("TableEndpoint"));
    }

    /// <summary>An emulator connection string for Azurite listening on the given loopback ports.</summary>
    public static string ForAzurite(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;"
        + $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
}
