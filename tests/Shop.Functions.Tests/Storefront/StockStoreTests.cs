using Azure.Data.Tables;
using Shop.Domain.Inventory;
using Shop.Testing;

namespace Shop.Functions.Tests.Storefront;

/// <summary>The stock store's hold/release/convert write path against Azurite, as Checkout will use it.</summary>
public sealed class StockStoreTests(StorefrontFactory app) : IClassFixture<StorefrontFactory>
{
    private IStockStore Stock => app.Stock;

    private static string NewOrderId() => "order-" + Guid.NewGuid().ToString("N");

    private static string NewSku() => "S" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private async Task<string> SkuWithStockAsync(int onHand)
    {
        var sku = NewSku();
        await Stock.ReceiveAsync(sku, onHand);
        return sku;
    }

    private async Task AssertStockAsync(string sku, int onHand, int held, long sold)
    {
        var item = await Stock.GetAsync(sku);
        Assert.NotNull(item);
        Assert.Equal(onHand, item.OnHand);
        Assert.Equal(held, item.Held);
        Assert.Equal(onHand - held, item.Available);
        Assert.Equal(sold, item.Sold);
        Assert.True(item.Sold <= item.Received);
        Assert.Equal(item.Received - item.Sold, item.OnHand);
    }

    [Fact]
    public async Task TryHold_WithEnoughStock_HoldsEveryLine_AndAgainForTheSameOrderHoldsNothingMore()
    {
        var a = await SkuWithStockAsync(10);
        var b = await SkuWithStockAsync(5);
        var order = NewOrderId();
        StockHoldLine[] lines = [new(a, 3), new(b, 2)];

        var first = await Stock.TryHoldAsync(order, lines, DateTimeOffset.UtcNow.AddMinutes(15));
        var again = await Stock.TryHoldAsync(order, lines, DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.True(first.Succeeded);
        Assert.True(again.Succeeded);
        await AssertStockAsync(a, onHand: 10, held: 3, sold: 0);
        await AssertStockAsync(b, onHand: 5, held: 2, sold: 0);
        Assert.Equal(StockHoldState.Held, (await Stock.GetHoldAsync(order))!.State);
        await Assert.ThrowsAsync<StockRuleException>(() => Stock.TryHoldAsync(order, [new(a, 1)], DateTimeOffset.UtcNow.AddMinutes(15)));
    }

    [Fact]
    public async Task TryHold_WhenOneLineIsShort_HoldsNothing_AndSaysWhichSku()
    {
        var a = await SkuWithStockAsync(10);
        var b = await SkuWithStockAsync(1);
        var missing = NewSku();
        var order = NewOrderId();

        var result = await Stock.TryHoldAsync(order, [new(a, 3), new(b, 2), new(missing, 1)], DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.False(result.Succeeded);
        Assert.Equal([new StockShortage(b, 2, 1), new StockShortage(missing, 1, 0)], result.Shortages.OrderBy(s => s.Sku == missing));
        await AssertStockAsync(a, onHand: 10, held: 0, sold: 0);
        await AssertStockAsync(b, onHand: 1, held: 0, sold: 0);
        Assert.Equal(StockHoldState.Failed, (await Stock.GetHoldAsync(order))!.State);
        Assert.True(await Stock.ReleaseAsync(order));
    }

    [Fact]
    public async Task TryHold_AfterARefusal_CanBeTriedAgainOnceStockArrives()
    {
        var a = await SkuWithStockAsync(1);
        var order = NewOrderId();
        Assert.False((await Stock.TryHoldAsync(order, [new(a, 2)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);

        await Stock.ReceiveAsync(a, 1);

        Assert.True((await Stock.TryHoldAsync(order, [new(a, 2)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        await AssertStockAsync(a, onHand: 2, held: 2, sold: 0);
    }

    [Fact]
    public async Task Release_GivesTheUnitsBack_OnceOnly()
    {
        var a = await SkuWithStockAsync(4);
        var order = NewOrderId();
        await Stock.TryHoldAsync(order, [new(a, 3)], DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.True(await Stock.ReleaseAsync(order));
        Assert.True(await Stock.ReleaseAsync(order));

        await AssertStockAsync(a, onHand: 4, held: 0, sold: 0);
        Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(order))!.State);
        Assert.False(await Stock.ReleaseAsync(NewOrderId()));
        await Assert.ThrowsAsync<StockRuleException>(() => Stock.ConvertAsync(order));
        await Assert.ThrowsAsync<StockRuleException>(() => Stock.TryHoldAsync(order, [new(a, 3)], DateTimeOffset.UtcNow.AddMinutes(15)));
    }

    [Fact]
    public async Task Convert_SellsTheHeldUnits_OnceOnly_AndCannotBeReleasedAfterwards()
    {
        var a = await SkuWithStockAsync(6);
        var b = await SkuWithStockAsync(6);
        var order = NewOrderId();
        await Stock.TryHoldAsync(order, [new(a, 2), new(b, 1), new(a, 1)], DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.True(await Stock.ConvertAsync(order));
        Assert.True(await Stock.ConvertAsync(order));

        await AssertStockAsync(a, onHand: 3, held: 0, sold: 3);
        await AssertStockAsync(b, onHand: 5, held: 0, sold: 1);
        await Assert.ThrowsAsync<StockRuleException>(() => Stock.ReleaseAsync(order));
        Assert.False(await Stock.ConvertAsync(NewOrderId()));
    }

    [Fact]
    public async Task ConcurrentHolds_NeverOversell_AndKeepTheInvariants()
    {
        var sku = await SkuWithStockAsync(10);
        var orders = Enumerable.Range(0, 24).Select(_ => NewOrderId()).ToList();

        var results = await Task.WhenAll(orders.Select(o => Stock.TryHoldAsync(o, [new(sku, 1)], DateTimeOffset.UtcNow.AddMinutes(15))));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        await AssertStockAsync(sku, onHand: 10, held: 10, sold: 0);
        var held = orders.Where((_, i) => results[i].Succeeded).ToList();
        var settled = held.Take(4).Select(o => Stock.ConvertAsync(o)).Concat(held.Skip(4).Select(o => Stock.ReleaseAsync(o))).ToList();
        var receipt = Stock.ReceiveAsync(sku, 5);
        await Task.WhenAll(settled);
        await receipt;
        await AssertStockAsync(sku, onHand: 11, held: 0, sold: 4);
        Assert.Equal(15, (await Stock.GetAsync(sku))!.Received);
    }

    [Fact]
    public async Task HoldsAndSales_OnStockAnotherInstanceChanged_UseTheStoredFigures_NotThisInstancesCopy()
    {
        await using var other = StorefrontFactory.SharingTablesWith(app);
        await other.InitializeAsync();
        var sku = await SkuWithStockAsync(3);
        var first = NewOrderId();
        Assert.True((await Stock.TryHoldAsync(first, [new(sku, 2)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);

        // Behind this instance's back: the other one receives 4 units and sells 1 of them to its own order.
        await other.Stock.ReceiveAsync(sku, 4);
        var theirs = NewOrderId();
        Assert.True((await other.Stock.TryHoldAsync(theirs, [new(sku, 1)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        Assert.True(await other.Stock.ConvertAsync(theirs));

        // This instance's copy of the row is stale (on hand 3, held 2); what it writes must build on the stored row.
        var second = NewOrderId();
        Assert.True((await Stock.TryHoldAsync(second, [new(sku, 4)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        Assert.True(await Stock.ConvertAsync(first));
        Assert.True(await Stock.ReleaseAsync(second));

        await AssertStockAsync(sku, onHand: 4, held: 0, sold: 3);
        Assert.Equal(7, (await Stock.GetAsync(sku))!.Received);
        Assert.False((await Stock.TryHoldAsync(NewOrderId(), [new(sku, 5)], DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
    }

    [Fact]
    public async Task ConcurrentReceipts_AreAllCounted()
    {
        var sku = NewSku();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Stock.ReceiveAsync(sku, 2)));

        await AssertStockAsync(sku, onHand: 20, held: 0, sold: 0);
    }

    [Fact]
    public async Task ReleaseExpired_ReleasesOnlyHoldsPastTheirExpiry()
    {
        var sku = await SkuWithStockAsync(5);
        var now = DateTimeOffset.UtcNow;
        var soon = NewOrderId();
        var later = NewOrderId();
        await Stock.TryHoldAsync(soon, [new(sku, 1)], now.AddMinutes(1));
        await Stock.TryHoldAsync(later, [new(sku, 2)], now.AddHours(1));

        var released = await Stock.ReleaseExpiredAsync(now.AddMinutes(10));

        Assert.True(released >= 1);
        Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(soon))!.State);
        Assert.Equal(StockHoldState.Held, (await Stock.GetHoldAsync(later))!.State);
        await AssertStockAsync(sku, onHand: 5, held: 2, sold: 0);
    }

    [Fact]
    public async Task Release_BeforeTheHoldIsRecorded_Wins_AndTheHoldGivesItsLinesBack()
    {
        // A compensation that runs before a slow (or repeated) hold of the same order has recorded its lines.
        var a = await SkuWithStockAsync(5);
        var order = NewOrderId();

        Assert.False(await Stock.ReleaseAsync(order));
        await Assert.ThrowsAsync<StockRuleException>(() => Stock.TryHoldAsync(order, [new(a, 2)], DateTimeOffset.UtcNow.AddMinutes(15)));

        await AssertStockAsync(a, onHand: 5, held: 0, sold: 0);
        Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(order))!.State);
    }

    [Fact]
    public async Task ReleaseExpired_GivesBackHeldLines_WhoseHoldWasNeverRecorded()
    {
        // A taker that died after holding its lines and before recording the hold: the record is missing.
        var a = await SkuWithStockAsync(5);
        var b = await SkuWithStockAsync(5);
        var now = DateTimeOffset.UtcNow;
        var orphan = NewOrderId();
        var kept = NewOrderId();
        Assert.True((await Stock.TryHoldAsync(orphan, [new(a, 2), new(b, 1)], now.AddMinutes(1))).Succeeded);
        Assert.True((await Stock.TryHoldAsync(kept, [new(a, 1)], now.AddHours(1))).Succeeded);
        var holds = new TableClient(await SharedAzurite.GetConnectionStringAsync(), app.TablePrefix + "holds");
        await holds.DeleteEntityAsync(orphan, "hold." + orphan);

        Assert.Equal(0, await Stock.ReleaseExpiredAsync(now));
        await AssertStockAsync(a, onHand: 5, held: 3, sold: 0);

        Assert.True(await Stock.ReleaseExpiredAsync(now.AddMinutes(10)) >= 2);

        await AssertStockAsync(a, onHand: 5, held: 1, sold: 0);
        await AssertStockAsync(b, onHand: 5, held: 0, sold: 0);
        Assert.Equal(StockHoldState.Released, (await Stock.GetHoldAsync(orphan))!.State);
        Assert.Equal(StockHoldState.Held, (await Stock.GetHoldAsync(kept))!.State);
        Assert.Empty(await Stock.RepairHeldDriftAsync());
    }

    [Fact]
    public async Task BadArguments_AreRefusedBeforeAnyWrite()
    {
        var sku = await SkuWithStockAsync(5);

        await Assert.ThrowsAsync<ArgumentException>(() => Stock.TryHoldAsync("bad/order", [new(sku, 1)], DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => Stock.TryHoldAsync(NewOrderId(), [new(sku, 0)], DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => Stock.TryHoldAsync(NewOrderId(), [], DateTimeOffset.UtcNow));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Stock.ReceiveAsync(sku, 0));
        await AssertStockAsync(sku, onHand: 5, held: 0, sold: 0);
    }
}
