using Microsoft.Azure.Functions.Worker.Builder;
using Shop.Durable;
using Shop.Functions;
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

// The app's functions, read from their [Function] attributes: the same methods run under the Functions host (in Azure,
// or func start) and in the local host below.
var functions = FunctionCatalog.FromAssembly(typeof(Program).Assembly);

if (WorkerApplicationExtensions.IsStartedByFunctionsHost(args))
{
    // Under the Functions host: the isolated worker; orchestrations run on Durable Functions.
    var worker = FunctionsApplication.CreateBuilder(args);
    worker.AddShopWorker(functions);
    DurableClientBinding.Use(worker);
    AddShopServices(worker.Services);
    worker.Build().Run();
    return;
}

// dotnet run, and the tests: the local host (Azurite, HTTP on 127.0.0.1:7071/api, queue and timer triggers, the
// embedded durable backend running the app's orchestrator and activity functions).
var builder = WebApplication.CreateBuilder(args);
builder.AddShopHosting(functions);
AddShopServices(builder.Services);
builder.Services.AddShopApiDocs();
builder.Services.AddShopDurable(tasks => tasks.AddFunctionTasks(functions));

var app = builder.Build();
app.UseShopHosting();
app.MapShopApiDocs();
app.MapShopFunctions();
app.MapShopPages();
app.Run();

static void AddShopServices(IServiceCollection services)
{
    services.AddShopCatalog();
    services.AddShopInventory();
    services.AddShopCarts();
    services.AddShopDemoCatalog();
    services.AddShopPayments();
    services.AddShopEmail();
    services.AddShopOrderWorkflow();
}

/// <summary>The app's entry point (public for the HTTP tests' <c>WebApplicationFactory</c>).</summary>
public partial class Program;
