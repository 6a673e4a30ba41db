using System.Diagnostics;
using System.Text.RegularExpressions;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// The app is killed (SIGKILL) while twenty orders are in every stage of flight — captures and shipment notices
/// running, payments in their retry back-off, checkouts just accepted — and started again with the same settings:
/// every order must still reach its end state, charged once, stock counted once, no email sent twice.
/// </summary>
public sealed partial class OrderCrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Sku = "CRASH-1";
    private const int UnitsReceived = 100;
    private const int Shipping = 6;   // confirmed before the crash, shipped just before it: capture and notice in flight
    private const int Retrying = 7;   // the gateway fails their authorization three times: in back-off at the crash
    private const int JustPlaced = 7; // checked out just before the crash: validation, hold, authorization in flight
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);

    private CrashTestApp _app = null!;

    public async Task InitializeAsync()
    {
        var settings = IsolatedShopSettings.Create("crash");
        // Work a dead process left behind is taken up 2 s after its last commit (by the 30-second recovery sweep),
        // and a payment request it left half-done gives up its idempotency reservation after 5 s.
        settings["Durable__RecoverAfter"] = "00:00:02";
        settings["Payments__IdempotencyLease"] = "00:00:05";
        settings["OrderWorkflow__FirstRetryInterval"] = "00:00:01";
        _app = await CrashTestApp.CreateAsync(settings);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task App_KilledWhileTwentyOrdersAreInFlight_RestartedApp_FinishesEveryOrder_ChargingOnceAndEmailingOnce()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _app.StartAsync();
            output.WriteLine($"run 1 up after {clock.Elapsed}");
            var shop = new ShopDriver(_app.Http, CrashTestApp.AdminKey);
            await shop.AddProductAsync(Sku, 12.50m, UnitsReceived);
            var carts = await Task.WhenAll(Enumerable.Range(0, Shipping + Retrying + JustPlaced).Select(_ => shop.CreateCartAsync(Sku, 1)));
            var email = 0;
            Task<string[]> CheckoutAllAsync(IEnumerable<string> cartIds, string paymentMethod) =>
                Task.WhenAll(cartIds.Select(c => shop.CheckoutAsync(c, $"crash{Interlocked.Increment(ref email)}@example.com", paymentMethod)));

            // Orders that will be shipping at the crash: confirmed first.
            var shipping = await CheckoutAllAsync(carts.Take(Shipping), "pm_card_visa");
            await Eventually.TrueAsync(async () => await AllAsync(shop, shipping, "confirmed"), "the first orders to be confirmed before the crash", Deadline);

            // Orders whose payment provider is having an outage (it fails each authorization three times).
            var retrying = await CheckoutAllAsync(carts.Skip(Shipping).Take(Retrying), "pm_card_transientFailure_3");

            // The warehouse ships the first orders while new orders come in ... and the process dies.
            var shipped = Task.WhenAll(shipping.Select((id, i) => shop.ShipAsync(id, $"1ZCRASH{i:D4}")));
            var justPlaced = CheckoutAllAsync(carts.Skip(Shipping + Retrying), "pm_card_visa");
            await shipped;
            var placed = await justPlaced;
            await _app.KillAsync();
            output.WriteLine($"run 1 killed after {clock.Elapsed}");

            await _app.StartAsync();
            output.WriteLine($"run 2 up after {clock.Elapsed}");
            var expected = shipping.Select(id => (Id: id, Status: "shipped"))
                .Concat(retrying.Concat(placed).Select(id => (Id: id, Status: "confirmed")))
                .ToDictionary(e => e.Id, e => e.Status, StringComparer.Ordinal);
            var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
            await DiagnoseOnTimeoutAsync(shop, () => expected.Keys.Where(id => statuses.GetValueOrDefault(id) != expected[id]), () => Eventually.TrueAsync(
                async () =>
                {
                    foreach (var id in expected.Keys.Where(id => statuses.GetValueOrDefault(id) != expected[id]))
                    {
                        statuses[id] = await shop.GetOrderStatusAsync(id);
                    }

                    return expected.All(e => statuses[e.Key] == e.Value);
                },
                "every order to reach its end state after the restart",
                Deadline));
            output.WriteLine($"every order at its end state after {clock.Elapsed}");

            var recovered = _app.OutputOfRun(2)
                .Select(line => RecoveringLine().Match(line))
                .Where(m => m.Success && expected.ContainsKey(m.Groups[1].Value))
                .Select(m => m.Groups[1].Value)
                .ToHashSet(StringComparer.Ordinal);
            output.WriteLine($"{recovered.Count} orders had work taken over from the dead process by the recovery sweep");
            Assert.NotEmpty(recovered);

            // Each step happened once in the order's history.
            foreach (var (id, status) in expected)
            {
                var timeline = (await shop.GetOrderAsync(id)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("step").GetString()).ToList();
                Assert.Equal(status == "shipped" ? new[] { "placed", "confirmed", "shipped" } : ["placed", "confirmed"], timeline);
            }

            // Charged exactly once: one authorization per order, one capture per shipped order, nothing voided.
            foreach (var (id, status) in expected)
            {
                var ledger = await shop.GetLedgerAsync(id);
                Assert.Equal(status == "shipped" ? new[] { "authorization:authorized", "capture:succeeded" } : ["authorization:authorized"], ledger.Order(StringComparer.Ordinal));
            }

            // Stock counted once: the shipped units sold, the confirmed ones held, the rest available.
            var stock = await shop.GetStockAsync(Sku);
            Assert.Null(stock.Violation());
            Assert.Equal(new StockFigures(OnHand: UnitsReceived - Shipping, Held: Retrying + JustPlaced, Available: UnitsReceived - Shipping - Retrying - JustPlaced, Received: UnitsReceived, Sold: Shipping), stock);

            // Every email the order's stage calls for, each exactly once.
            var emails = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            string[] Expected(string id) => expected[id] == "shipped" ? ["orderconfirmed", "shipped"] : ["orderconfirmed"];
            await Eventually.TrueAsync(
                async () =>
                {
                    foreach (var id in expected.Keys.Where(id => !emails.ContainsKey(id)))
                    {
                        var sent = await shop.GetEmailTemplatesAsync(id);
                        if (sent.Count >= Expected(id).Length)
                        {
                            emails[id] = sent;
                        }
                    }

                    return emails.Count == expected.Count;
                },
                "every order's emails in the outbox",
                TimeSpan.FromSeconds(20));
            foreach (var id in expected.Keys)
            {
                Assert.Equal(Expected(id), (await shop.GetEmailTemplatesAsync(id)).Order(StringComparer.Ordinal));
            }

            output.WriteLine($"done after {clock.Elapsed}");
        }
        catch
        {
            foreach (var line in _app.Output.TakeLast(1500))
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    /// <summary>When <paramref name="wait"/> times out, writes what the engine knows of the orders still short of their end.</summary>
    private async Task DiagnoseOnTimeoutAsync(ShopDriver shop, Func<IEnumerable<string>> unfinished, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException)
        {
            foreach (var id in unfinished().ToList())
            {
                output.WriteLine($"order {id}: {(await shop.GetOrderAsync(id)).GetRawText()}");
                output.WriteLine($"workflow {id}: {await shop.DescribeWorkflowAsync(id)}");
                output.WriteLine($"engine rows {id}: {await _app.DescribeEngineRowsAsync(id)}");
            }

            throw;
        }
    }

    private static async Task<bool> AllAsync(ShopDriver shop, IEnumerable<string> orderIds, string status)
    {
        foreach (var id in orderIds)
        {
            if (await shop.GetOrderStatusAsync(id) != status)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("Recovering instance '([^']+)'")]
    private static partial Regex RecoveringLine();
}
