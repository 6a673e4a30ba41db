using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Tests.Fakes;

/// <summary>A <see cref="StorageClientFactory"/> for the shared Azurite (with pipeline policies, e.g. a <c>TableRequestLog</c>).</summary>
public static class TestStorage
{
    public static StorageClientFactory Factory(string connectionString, params Azure.Core.Pipeline.HttpPipelinePolicy[] policies)
    {
        var options = new StorageClientOptions();
        foreach (var policy in policies)
        {
            options.Policies.Add(policy);
        }

        return new(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build(),
            Options.Create(options));
    }
}
