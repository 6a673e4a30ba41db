using Shop.Durable;
using Shop.Functions;
using Shop.Hosting;

var functions = ShopFunctions.Create();
if (FunctionMetadataWriter.TryRun(args, functions))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddShopHosting(functions);
builder.Services.AddShopApiDocs();
builder.Services.AddShopDurable();

var app = builder.Build();
app.UseShopHosting();
app.MapShopApiDocs();
app.MapShopFunctions();
app.Run();

/// <summary>The app's entry point (public for the HTTP tests' <c>WebApplicationFactory</c>).</summary>
public partial class Program;
