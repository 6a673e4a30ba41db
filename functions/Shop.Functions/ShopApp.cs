using Microsoft.Azure.Functions.Worker.Builder;
using Shop.Durable;
using Shop.Functions.Admin;
using Shop.Functions.Pages;
using Shop.Hosting;
using Shop.Hosting.Functions;
using Shop.Infrastructure.Carts;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Inventory;
using Shop.Infrastructure.Payments;
using Shop.Orchestrations;
using Shop.Orchestrations.Disputes;
using Shop.Orchestrations.Returns;

namespace Shop.Functions;

/// <summary>The app's two hosts, over one set of functions and services.</summary>
public static class ShopApp
{
    /// <summary>The app's functions, read from their <c>[Function]</c> attributes.</summary>
    public static FunctionCatalog Functions { get; } = FunctionCatalog.FromAssembly(typeof(ShopApp).Assembly);

    /// <summary>
    /// The isolated worker the Functions host starts: ASP.NET Core integration, the app's worker middleware and the
    /// <c>[DurableClient]</c> binding; orchestrations run on Durable Functions, so no embedded engine is registered.
    /// </summary>
    /// <param name="args">The command line (the worker itself reads the host's switches from the process's).</param>
    /// <param name="settings">Settings over the worker's own (tests).</param>
    public static IHost BuildWorker(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var worker = FunctionsApplication.CreateBuilder(args);
        if (settings is not null)
        {
            worker.Configuration.AddInMemoryCollection(settings);
        }

        worker.AddShopWorker(Functions);
        DurableClientBinding.Use(worker);
        AddServices(worker.Services);
        return worker.Build();
    }

    /// <summary>
    /// The local host: Azurite, HTTP on 127.0.0.1:7071/api, timers, the OpenAPI document and Scalar, the pages, and the
    /// embedded durable backend running the app's orchestrator and activity functions.
    /// </summary>
    public static WebApplication BuildLocalHost(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddShopHosting(Functions);
        AddServices(builder.Services);
        builder.Services.AddShopApiDocs();
        builder.Services.AddShopDurable(tasks => tasks.AddFunctionTasks(Functions));

        var app = builder.Build();
        app.UseShopHosting();
        app.MapShopApiDocs();
        app.MapShopFunctions();
        app.MapShopPages();
        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddShopCatalog();
        services.AddShopInventory();
        services.AddShopCarts();
        services.AddShopDemoCatalog();
        services.AddShopPayments();
        services.AddShopEmail();
        services.AddShopOrderWorkflow();
        services.AddShopReturns();
        services.AddShopDisputes();
    }
}
