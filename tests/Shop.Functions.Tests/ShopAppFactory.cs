using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Functions.Tests.Contract;
using Shop.Testing;

namespace Shop.Functions.Tests;

/// <summary>
/// The whole app through ASP.NET Core's real pipeline, against the run's private Azurite.
/// Each factory gets its own table/queue name prefix through <see cref="Settings"/> where an area supports one.
/// </summary>
public class ShopAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key";

    private string? _connectionString;

    /// <summary>Extra settings for this app instance (applied over the defaults below).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The connection string of the Azurite this app uses (to look at its queues and tables).</summary>
    public string StorageConnectionString => _connectionString ?? throw new InvalidOperationException("Call InitializeAsync first.");

    public virtual async Task InitializeAsync() => _connectionString = await SharedAzurite.GetConnectionStringAsync();

    public new virtual async Task DisposeAsync() => await base.DisposeAsync();

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return client;
    }

    /// <summary>Every response of this app checked against its OpenAPI document.</summary>
    public ContractCheck Contract { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ContractCheck.StartupFilter(Contract)));
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["AzureWebJobsStorage"] = _connectionString ?? throw new InvalidOperationException("Call InitializeAsync first."),
                ["Hosting:StartAzurite"] = "false",
                ["Admin:ApiKey"] = AdminKey,
            };
            foreach (var (key, value) in Settings)
            {
                settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }

            configuration.AddInMemoryCollection(settings);
        });
    }
}
