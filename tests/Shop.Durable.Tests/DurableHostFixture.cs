using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>One test host (its own task hub) shared by the tests of a class.</summary>
public sealed class DurableHostFixture : IAsyncLifetime
{
    private DurableTestHost? _host;

    public DurableTestHost Host => _host ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), TestTasks.Register);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
