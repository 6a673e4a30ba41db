using Azure.Data.Tables;
using Shop.Domain.Inventory;
using Shop.Testing;

namespace Shop.Functions.Tests.Storefront;

/// <summary>
/// What the stock sweeps read: the holds due and the SKUs with held stock, never every hold ever taken nor every
/// receipt. Each count is of table requests and the rows they return, never of time.
/// </summary>
public sealed class StockSweepCostTests(CountingStorefrontFactory app) : IClassFixture<CountingStorefrontFactory>
{
    private IStockStore Stock => app.Stock;

    [Fact]
    public async Task ExpiredHoldSweep_ReleasesTheHoldsDue_AndReadsNoFinishedHolds()
    {
        var t0 = DateTimeOffset.UtcNow;
        await Stock.ReleaseExpiredAsync(t0.AddYears(-1)); // the first sweep of a table checks for holds to index
        var sku = await SkuWithStockAsync(1000);

        // Due in a minute: two holds still held, one whose record never landed (its taker died), and twenty that
        // ended already (sold or released). Due next week: one held.
        var held = new[] { NewOrderId(), NewOrderId() };
        foreach (var order in held)
        {
            await HoldAsync(order, sku, 1, t0.AddMinutes(1));
        }

        var orphan = NewOrderId();
        await HoldAsync(orphan, sku, 2, t0.AddMinutes(1));
        await new TableClient(await SharedAzurite.GetConnectionStringAsync(), app.TablePrefix + "holds").DeleteEntityAsync(orphan, "hold." + orphan);
        await EndedHoldsAsync(sku, 20, t0.AddMinutes(1));
        var later = NewOrderId();
        await HoldAsync(later, sku, 5, t0.AddDays(7));

        app.Tables.Clear();
        Assert.Equal(3, await Stock.ReleaseExpiredAsync(t0.AddMinutes(10))); // two holds and the orphan line
        var sweep = app.Tables.Requests;

        foreach (var order in held)
        {
            Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(order))!.State);
        }

        Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(orphan))!.State);
        Assert.Equal(StockHoldState.Held, (await Stock.GetHoldAsync(later))!.State);
        Assert.Equal(5, (await Stock.GetAsync(sku))!.Held);
        var read = Assert.Single(sweep, r => r.Kind == TableRequestKind.Query);
        Assert.Equal(app.TablePrefix + "holdsindex", read.Table);
        Assert.True(read.IsKeyRange, read.Filter);
        Assert.Equal(23, read.Rows);

        // Forty more holds ended, due next week: the next sweeps read no row, in as many requests each.
        app.Tables.Clear();
        Assert.Equal(0, await Stock.ReleaseExpiredAsync(t0.AddMinutes(15)));
        var quiet = app.Tables.Requests;
        await EndedHoldsAsync(sku, 40, t0.AddDays(7));
        app.Tables.Clear();
        Assert.Equal(0, await Stock.ReleaseExpiredAsync(t0.AddMinutes(20)));
        var after = app.Tables.Requests;

        Assert.Equal(quiet.Count, after.Count);
        Assert.All(after, r => Assert.True(r.Kind != TableRequestKind.Query || r.IsKeyRange, r.Filter));
        Assert.Equal(0, after.Sum(r => r.Rows));
    }

    [Fact]
    public async Task DriftRepair_ReadsTheHeldSkusAndTheirLiveHolds_NotTheReceipts_AndStillFindsADrift()
    {
        await Stock.RepairHeldDriftAsync(); // the first run on a table checks for holds to index
        var held = await SkuWithStockAsync(100);
        var drifted = await SkuWithStockAsync(100);
        var quiet = await SkuWithStockAsync(100);
        await HoldAsync(NewOrderId(), held, 3, DateTimeOffset.UtcNow.AddDays(7));
        await HoldAsync(NewOrderId(), drifted, 2, DateTimeOffset.UtcNow.AddDays(7));

        // The drifted SKU's item row says 7 held where its one live hold holds 2.
        var stock = new TableClient(await SharedAzurite.GetConnectionStringAsync(), app.TablePrefix + "stock");
        var item = (await stock.GetEntityAsync<TableEntity>(drifted, "item")).Value;
        item["Held"] = 7;
        await stock.UpdateEntityAsync(item, item.ETag, TableUpdateMode.Replace);

        app.Tables.Clear();
        var drift = Assert.Single(await Stock.RepairHeldDriftAsync());
        var before = app.Tables.Requests.Where(r => r.Kind == TableRequestKind.Query).ToList();

        Assert.Equal((drifted, 7, 2, true), (drift.Sku, drift.RecordedHeld, drift.LiveHolds, drift.Repaired));
        Assert.Equal(2, (await Stock.GetAsync(drifted))!.Held);
        Assert.All(before, r => Assert.True(r.IsKeyRange, r.Filter));

        // Thirty receipts on each SKU later: the repair reads the same rows in as many queries.
        foreach (var sku in new[] { held, drifted, quiet })
        {
            for (var i = 0; i < 30; i++)
            {
                await Stock.ReceiveAsync(sku, 1, "receipt " + i);
            }
        }

        app.Tables.Clear();
        Assert.Empty(await Stock.RepairHeldDriftAsync());
        var after = app.Tables.Requests.Where(r => r.Kind == TableRequestKind.Query).ToList();
        app.Tables.Clear();
        Assert.Empty(await Stock.RepairHeldDriftAsync());
        var again = app.Tables.Requests.Where(r => r.Kind == TableRequestKind.Query).ToList();

        Assert.All(after, r => Assert.True(r.IsKeyRange, r.Filter));
        Assert.Equal(after.Count, again.Count);
        Assert.Equal(after.Sum(r => r.Rows), again.Sum(r => r.Rows));
        Assert.DoesNotContain(after, r => r.Filter is { } f && f.Contains(quiet, StringComparison.Ordinal));
    }

    private async Task HoldAsync(string orderId, string sku, int quantity, DateTimeOffset expiresAt) =>
        Assert.True((await Stock.TryHoldAsync(orderId, [new(sku, quantity)], expiresAt)).Succeeded);

    /// <summary>Holds that ended before their expiry: half sold, half released.</summary>
    private async Task EndedHoldsAsync(string sku, int count, DateTimeOffset expiresAt)
    {
        for (var i = 0; i < count; i++)
        {
            var order = NewOrderId();
            await HoldAsync(order, sku, 1, expiresAt);
            if (i % 2 == 0)
            {
                await Stock.ConvertAsync(order);
            }
            else
            {
                await Stock.ReleaseAsync(order);
            }
        }
    }

    private async Task<string> SkuWithStockAsync(int onHand)
    {
        var sku = "S" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        await Stock.ReceiveAsync(sku, onHand);
        return sku;
    }

    private static string NewOrderId() => "order-" + Guid.NewGuid().ToString("N");
}
