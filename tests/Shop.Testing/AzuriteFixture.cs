using Xunit;

namespace Shop.Testing;

/// <summary>An xunit fixture giving a test class the run's shared Azurite (see <see cref="SharedAzurite"/>).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The emulator's connection string.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _connectionString = await SharedAzurite.GetConnectionStringAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A storage name unique to one test (tables, queues, containers: lower-case letters and digits).</summary>
    public static string UniqueName(string prefix) => prefix.ToLowerInvariant() + Guid.NewGuid().ToString("N")[..12];
}
