using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Functions.Tests.Storefront;

/// <summary>The storefront app with every table request it makes recorded (<see cref="Tables"/>), to say what a read costs.</summary>
public sealed class CountingStorefrontFactory : StorefrontFactory
{
    private TableRequestLog? _tables;

    public TableRequestLog Tables => _tables ?? throw new InvalidOperationException("Call InitializeAsync first.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tables = new TableRequestLog((await SharedAzurite.GetAsync()).Options.TablePort);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<StorageClientOptions>(o => o.Policies.Add(Tables)));
    }
}
