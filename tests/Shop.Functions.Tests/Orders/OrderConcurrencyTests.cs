using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Inventory;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// Fifty shoppers check out the same SKU at the same moment while only ten units exist: the stock holds, taken by
/// each order's workflow under ETag guards, must sell exactly what is there — never more, never a negative count.
/// </summary>
public sealed class OrderConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Shoppers = 50;
    private const int Units = 10;
    private const string Sku = "RACE-1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);

    private readonly ShopAppFactory _app = new();

    public async Task InitializeAsync()
    {
        foreach (var (key, value) in IsolatedShopSettings.Create("race"))
        {
            _app.Settings[key] = value;
        }

        // A storage hiccup under this load is retried quickly rather than after the production back-off.
        _app.Settings["OrderWorkflow__FirstRetryInterval"] = "00:00:00.200";
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Checkout_FiftyShoppersRaceForTenUnits_ExactlyTenConfirmed_TheRestRejected_AndStockNeverGoesNegative()
    {
        var clock = Stopwatch.StartNew();
        var shop = new ShopDriver(_app.CreateClient(), ShopAppFactory.AdminKey);
        await shop.AddProductAsync(Sku, 20m, Units);
        var carts = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Shoppers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => carts.Add(await shop.CreateCartAsync(Sku, 1)));
        output.WriteLine($"{Shoppers} carts ready after {clock.Elapsed}");

        // Watch the stock the whole time the orders race for it.
        using var stopSampling = new CancellationTokenSource();
        var samples = new ConcurrentQueue<StockFigures>();
        var sampler = SampleStockAsync(shop, samples, stopSampling.Token);

        // Every checkout released at once (distinct emails: the per-email fraud limit is not what is tested here).
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkouts = carts.Select((cartId, i) => Task.Run(async () =>
        {
            await go.Task;
            return await shop.CheckoutAsync(cartId, $"racer{i}@example.com", "pm_card_visa");
        })).ToList();
        go.SetResult();
        var orderIds = await Task.WhenAll(checkouts);
        output.WriteLine($"{Shoppers} checkouts accepted after {clock.Elapsed}");
        Assert.Equal(Shoppers, orderIds.Distinct(StringComparer.Ordinal).Count());

        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var id in orderIds.Where(id => statuses.GetValueOrDefault(id) is null or "placed"))
                {
                    statuses[id] = await shop.GetOrderStatusAsync(id);
                }

                return statuses.Values.All(s => s != "placed");
            },
            $"every one of the {Shoppers} orders to leave 'placed'",
            Deadline);
        output.WriteLine($"every order decided after {clock.Elapsed}");

        await stopSampling.CancelAsync();
        await sampler;
        output.WriteLine($"{samples.Count} stock samples taken while the orders raced");
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Null(s.Violation()));

        var confirmed = orderIds.Where(id => statuses[id] == "confirmed").ToList();
        var rejected = orderIds.Where(id => statuses[id] == "rejected").ToList();
        Assert.True(confirmed.Count == Units, $"{confirmed.Count} confirmed, expected {Units}; statuses: {string.Join(", ", statuses.Values.GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}"))}");
        Assert.Equal(Shoppers - Units, rejected.Count);

        // Every order went straight to its outcome, and every rejection tells the shopper the SKU ran out.
        foreach (var id in orderIds)
        {
            var order = await shop.GetOrderAsync(id);
            var timeline = order.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("step").GetString()).ToList();
            Assert.Equal(new[] { "placed", statuses[id] }, timeline);
            if (statuses[id] == "rejected")
            {
                var reason = order.GetProperty("reason").GetString();
                Assert.True(reason?.Contains(Sku, StringComparison.Ordinal) == true && reason.Contains("0 available", StringComparison.Ordinal), $"Order {id} rejected for: {reason}");
            }
        }

        // The ten units are held, all of them, by exactly the confirmed orders; nothing was sold or lost.
        var stock = await shop.GetStockAsync(Sku);
        Assert.Equal(new StockFigures(OnHand: Units, Held: Units, Available: 0, Received: Units, Sold: 0), stock);
        var store = _app.Services.GetRequiredService<IStockStore>();
        foreach (var id in orderIds)
        {
            var hold = await store.GetHoldAsync(id);
            if (confirmed.Contains(id))
            {
                Assert.Equal(StockHoldState.Held, hold?.State);
                Assert.Equal(1, hold!.Lines.Sum(l => l.Quantity));
            }
            else
            {
                Assert.True(hold is null || hold.State is StockHoldState.Failed or StockHoldState.Released, $"Rejected order {id} has a hold in state {hold?.State}");
            }
        }

        // Only the winners were charged (one authorization each); every shopper got exactly one email about the outcome.
        foreach (var id in orderIds)
        {
            var ledger = await shop.GetLedgerAsync(id);
            Assert.Equal(confirmed.Contains(id) ? new[] { "authorization:authorized" } : [], ledger);
        }

        var emails = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var id in orderIds.Where(id => !emails.ContainsKey(id)))
                {
                    if (await shop.GetEmailTemplatesAsync(id) is { Count: > 0 } sent)
                    {
                        emails[id] = sent;
                    }
                }

                return emails.Count == Shoppers;
            },
            "every shopper's outcome email in the outbox",
            TimeSpan.FromSeconds(20));
        foreach (var id in orderIds)
        {
            Assert.Equal(new[] { confirmed.Contains(id) ? "orderconfirmed" : "orderrejected" }, await shop.GetEmailTemplatesAsync(id));
        }

        output.WriteLine($"done after {clock.Elapsed}");
    }

    private static async Task SampleStockAsync(ShopDriver shop, ConcurrentQueue<StockFigures> samples, CancellationToken stop)
    {
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                samples.Enqueue(await shop.GetStockAsync(Sku));
            }
            while (await every.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Sampling ends when the race is decided.
        }
    }
}
