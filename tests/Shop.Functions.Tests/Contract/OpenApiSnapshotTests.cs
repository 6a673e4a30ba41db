using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Shop.Testing;

namespace Shop.Functions.Tests.Contract;

/// <summary>The app in Production, as Azure runs it (no development endpoints in its document).</summary>
public sealed class ProductionAppFactory : ShopAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>
/// Under the Functions host the document is the one built into the app (<c>functions/Shop.Functions/openapi.json</c>):
/// it must be the document the local host generates from the functions in Production.
/// </summary>
public sealed class OpenApiSnapshotTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    private static string SnapshotPath => Path.Combine(RepositoryPaths.Root(), "functions", "Shop.Functions", "openapi.json");

    [Fact]
    public async Task BuiltInDocument_IsTheGeneratedProductionDocument()
    {
        var generated = await app.CreateClient().GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative));
        var snapshot = await File.ReadAllTextAsync(SnapshotPath);

        if (!JsonNode.DeepEquals(JsonNode.Parse(generated), JsonNode.Parse(snapshot)))
        {
            var fresh = Path.Combine(RepositoryPaths.Root(), "artifacts", "openapi.json");
            Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
            await File.WriteAllTextAsync(fresh, JsonNode.Parse(generated)!.ToJsonString(new() { WriteIndented = true }) + "\n");
            Assert.Fail($"functions/Shop.Functions/openapi.json is not the document the functions describe: copy {fresh} over it.");
        }
    }

    [Fact]
    public async Task UnderTheFunctionsHost_TheFunctionServesTheBuiltInDocument()
    {
        // The worker has no document generator: what the function answers there is the built-in document.
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();

        var result = await new ApiDocumentFunctions(services).GetDocumentAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);

        context.Response.Body.Position = 0;
        var served = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(SnapshotPath)), JsonNode.Parse(served)));
    }
}
