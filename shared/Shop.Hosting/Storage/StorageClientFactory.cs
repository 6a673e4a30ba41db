using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Shop.Hosting.Storage;

/// <summary>
/// Creates (and caches) the table, queue and blob service clients for a named storage connection.
/// Queue clients use Base64 message encoding, as the Functions queue trigger expects. Against the emulator,
/// queue and blob clients pin a service version Azurite 3.37 accepts.
/// </summary>
public sealed class StorageClientFactory(IConfiguration configuration, IOptions<StorageClientOptions> options)
{
    private readonly ConcurrentDictionary<string, object> _clients = new(StringComparer.OrdinalIgnoreCase);

    public StorageConnection GetConnection(string name = Functions.FunctionCatalog.DefaultConnection) =>
        StorageConnection.FromConfiguration(configuration, name);

    public TableServiceClient GetTableServiceClient(string connectionName = Functions.FunctionCatalog.DefaultConnection) =>
        (TableServiceClient)_clients.GetOrAdd("table:" + connectionName, _ =>
        {
            var connection = GetConnection(connectionName);
            var clientOptions = new TableClientOptions();
            AddPolicies(clientOptions);
            return connection.ConnectionString is { } cs
                ? new TableServiceClient(cs, clientOptions)
                : new TableServiceClient(Require(connection.TableServiceUri, connection, "tableServiceUri"), Credential(connection), clientOptions);
        });

    public QueueServiceClient GetQueueServiceClient(string connectionName = Functions.FunctionCatalog.DefaultConnection) =>
        (QueueServiceClient)_clients.GetOrAdd("queue:" + connectionName, _ =>
        {
            var connection = GetConnection(connectionName);
            var clientOptions = connection.IsEmulator
                ? new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06)
                : new QueueClientOptions();
            clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
            AddPolicies(clientOptions);
            return connection.ConnectionString is { } cs
                ? new QueueServiceClient(cs, clientOptions)
                : new QueueServiceClient(Require(connection.QueueServiceUri, connection, "queueServiceUri"), Credential(connection), clientOptions);
        });

    public BlobServiceClient GetBlobServiceClient(string connectionName = Functions.FunctionCatalog.DefaultConnection) =>
        (BlobServiceClient)_clients.GetOrAdd("blob:" + connectionName, _ =>
        {
            var connection = GetConnection(connectionName);
            var clientOptions = connection.IsEmulator
                ? new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)
                : new BlobClientOptions();
            AddPolicies(clientOptions);
            return connection.ConnectionString is { } cs
                ? new BlobServiceClient(cs, clientOptions)
                : new BlobServiceClient(Require(connection.BlobServiceUri, connection, "blobServiceUri"), Credential(connection), clientOptions);
        });

    /// <summary>A queue client (Base64 encoding) for <paramref name="queueName"/>.</summary>
    public QueueClient GetQueueClient(string queueName, string connectionName = Functions.FunctionCatalog.DefaultConnection) =>
        GetQueueServiceClient(connectionName).GetQueueClient(queueName);

    private void AddPolicies(ClientOptions clientOptions)
    {
        foreach (var policy in options.Value.Policies)
        {
            clientOptions.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        }
    }

    private static Uri Require(Uri? uri, StorageConnection connection, string key) =>
        uri ?? throw new InvalidOperationException($"The storage connection '{connection.Name}' has no '{connection.Name}__{key}'.");

    private static TokenCredential Credential(StorageConnection connection) => connection.ClientId is { Length: > 0 } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential();
}
