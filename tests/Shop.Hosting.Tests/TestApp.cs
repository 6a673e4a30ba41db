using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;
using Shop.Testing;

namespace Shop.Hosting.Tests;

/// <summary>A real app built by the hosting layer from test-only declarations, on a test server, against the run's Azurite.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app) => App = app;

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public HttpClient CreateClient() => App.GetTestClient();

    public static async Task<TestApp> StartAsync(FunctionCatalog functions, IDictionary<string, string?>? settings = null, string? hostJson = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["Hosting:StartAzurite"] = "false",
            ["Admin:ApiKey"] = "hosting-test-key",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.AddShopHosting(functions);
        if (hostJson is not null)
        {
            builder.Services.AddSingleton(HostJson.Parse(hostJson));
        }

        var app = builder.Build();
        app.UseShopHosting();
        app.MapShopFunctions();
        await app.StartAsync();
        return new TestApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
