using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// The whole app for order tests: every table, container and the durable task hub of its own (tests share one
/// Azurite), demo seeding off, and the workflow timings a test class asks for.
/// </summary>
public class OrderAppFactory : ShopAppFactory
{
    public const string CarrierSecret = "test-carrier-secret";

    public OrderAppFactory()
        : this(new Dictionary<string, string>())
    {
    }

    protected OrderAppFactory(IReadOnlyDictionary<string, string> timings)
    {
        var p = AzuriteFixture.UniqueName("o");
        foreach (var (key, table) in new Dictionary<string, string>
        {
            ["Catalog__ProductsTable"] = "products",
            ["Inventory__StockTable"] = "stock",
            ["Inventory__HoldsTable"] = "holds",
            ["Carts__Table"] = "carts",
            ["OrderStore__OrdersTable"] = "orders",
            ["Checkout__RequestsTable"] = "checkouts",
            ["Fulfillment__Table"] = "fulfil",
            ["Webhooks__EventsTable"] = "hooks",
            ["Payments__LedgerTable"] = "ledger",
            ["SendGrid__SentTable"] = "sent",
            ["Email__OutboxContainer"] = "outbox",
            ["Reorder__Table"] = "reorder",
            ["Metrics__Table"] = "metrics",
        })
        {
            Settings[key] = p + table;
        }

        Settings["Durable__TaskHub"] = p;
        Settings["Email__RetryQueue"] = p + "-mail";
        Settings["Reorder__Queue"] = p + "-reorder";
        Settings["Events__Queue"] = p + "-events";
        Settings["Catalog__SeedDemoData"] = "false";
        Settings["Carrier__WebhookSecret"] = CarrierSecret;
        Settings["Stripe__WebhookSecret"] = "whsec_test";
        Settings["OrderWorkflow__FirstRetryInterval"] = "00:00:00.200";

        // Tests that make a step fail for good do not wait for the default hours of retries.
        Settings["OrderWorkflow__MaxStepAttempts"] = "5";
        foreach (var (key, value) in timings)
        {
            Settings[key] = value;
        }
    }
}

/// <summary>The default number of attempts (60), with the retry delay capped at 300 ms: an outage of a few seconds is ridden out.</summary>
public sealed class DefaultRetriesOrderAppFactory : OrderAppFactory
{
    public DefaultRetriesOrderAppFactory()
    {
        Settings.Remove("OrderWorkflow__MaxStepAttempts");
        Settings["OrderWorkflow__MaxRetryInterval"] = "00:00:00.300";
    }
}

/// <summary>Authorizations that lapse 8 seconds after they are made, re-authorized 4 seconds before.</summary>
public sealed class ShortAuthorizationOrderAppFactory() : OrderAppFactory(new Dictionary<string, string>
{
    ["Payments__CaptureWindow"] = "00:00:08",
    ["OrderWorkflow__CaptureSafetyMargin"] = "00:00:04",
});

/// <summary>Short waits: a 2-second payment action, a 3-second shipping SLA and a 7-second hard limit.</summary>
public sealed class ShortTimingsOrderAppFactory() : OrderAppFactory(new Dictionary<string, string>
{
    ["OrderWorkflow__PaymentActionTimeout"] = "00:00:02",
    ["OrderWorkflow__ShipmentSla"] = "00:00:03",
    ["OrderWorkflow__ShipmentHardLimit"] = "00:00:07",
});
