using Shop.Durable;
using Shop.Functions;
using Shop.Functions.Admin;
using Shop.Functions.Pages;
using Shop.Hosting;
using Shop.Infrastructure.Carts;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Inventory;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Payments;
using Shop.Orchestrations;

var functions = ShopFunctions.Create();
if (FunctionMetadataWriter.TryRun(args, functions))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddShopHosting(functions);
builder.Services.AddShopApiDocs();
builder.Services.AddShopCatalog();
builder.Services.AddShopInventory();
builder.Services.AddShopCarts();
builder.Services.AddShopDemoCatalog();
builder.Services.AddShopPayments();
builder.Services.AddShopEmail();
builder.Services.AddShopDurable();
builder.Services.AddShopOrderWorkflow();

var app = builder.Build();
app.UseShopHosting();
app.MapShopApiDocs();
app.MapShopFunctions();
app.MapShopPages();
app.Run();

/// <summary>The app's entry point (public for the HTTP tests' <c>WebApplicationFactory</c>).</summary>
public partial class Program;
