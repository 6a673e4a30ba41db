using Shop.Functions.Admin;
using Shop.Functions.Carts;
using Shop.Functions.Catalog;
using Shop.Functions.Dev;
using Shop.Durable;
using Shop.Functions.Health;
using Shop.Functions.Instances;
using Shop.Functions.Orders;
using Shop.Functions.Storefront;
using Shop.Hosting.Functions;

namespace Shop.Functions;

/// <summary>
/// Every function of the app, declared once. Local routes, local triggers, custom-handler invocations and
/// the deployed function.json files all come from this list.
/// </summary>
public static class ShopFunctions
{
    public static FunctionCatalog Create() => new FunctionCatalog()
        .AddHealthFunctions()
        .AddCatalogFunctions()
        .AddCartFunctions()
        .AddStorefrontFunctions()
        .AddAdminCatalogFunctions()
        .AddDevFunctions()
        .AddDurableFunctions()
        .AddInstanceFunctions()
        .AddOrderFunctions()
        .AddOrderAdminFunctions()
        .AddWebhookFunctions()
        .AddOrderJobFunctions();
}
