using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Tests.Fakes;

/// <summary>A <see cref="StorageClientFactory"/> for the shared Azurite.</summary>
public static class TestStorage
{
    public static StorageClientFactory Factory(string connectionString) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build(),
        Options.Create(new StorageClientOptions()));
}
