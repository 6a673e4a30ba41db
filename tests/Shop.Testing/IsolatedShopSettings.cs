
namespace Shop.Testing;

/// <summary>
/// Settings that give one test its own tables, containers and task hub in the shared Azurite (tests are isolated by
/// names, never by cleaning up), with no demo data.
/// </summary>
public static class IsolatedShopSettings
{
    /// <summary>Fresh names for every store the order pipeline touches.</summary>
    public static Dictionary<string, string?> Create(string prefix)
    {
        string Name(string what) => AzuriteFixture.UniqueName(prefix + what);
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Catalog__ProductsTable"] = Name("prd"),
            ["Catalog__SeedDemoData"] = "false",
            ["Inventory__StockTable"] = Name("stk"),
            ["Inventory__HoldsTable"] = Name("hld"),
            ["Carts__Table"] = Name("crt"),
            ["OrderStore__OrdersTable"] = Name("ord"),
            ["Checkout__RequestsTable"] = Name("chk"),
            ["Fulfillment__Table"] = Name("ful"),
            ["Webhooks__EventsTable"] = Name("whk"),
            ["Payments__LedgerTable"] = Name("pay"),
            ["SendGrid__SentTable"] = Name("snt"),
            ["Email__OutboxContainer"] = Name("out"),
            ["Durable__TaskHub"] = Name("hub"),
        };
    }
}
