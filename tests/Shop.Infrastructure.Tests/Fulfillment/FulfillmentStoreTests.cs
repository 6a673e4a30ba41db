using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Fulfillment;
using Shop.Infrastructure.Fulfillment;
using Shop.Infrastructure.Tests.Fakes;
using Shop.Testing;

namespace Shop.Infrastructure.Tests.Fulfillment;

/// <summary>Pick lists by status: the listing reads the lists in that status, however many were shipped before.</summary>
public sealed class FulfillmentStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListByStatus_ReturnsTheListsInThatStatusOldestFirst_AndReadsNoShippedHistory()
    {
        var (store, tables) = await NewStoreAsync();
        await AddAsync(store, "p", 3, PickListStatus.Pending, offset: 100);
        await AddAsync(store, "k", 1, PickListStatus.Picking, offset: 200);
        await AddAsync(store, "s", 20, PickListStatus.Shipped, offset: 0);
        await AddAsync(store, "c", 5, PickListStatus.Cancelled, offset: 300);
        await store.ListAsync(PickListStatus.Pending, 100); // the first listing of a table checks for lists to index

        tables.Clear();
        var pending = await store.ListAsync(PickListStatus.Pending, 100);
        var before = tables.Requests;

        Assert.Equal(["p0", "p1", "p2"], pending.Select(l => l.OrderId));
        Assert.All(pending, l => Assert.Equal(PickListStatus.Pending, l.Status));
        Assert.Equal(["k0"], (await store.ListAsync(PickListStatus.Picking, 100)).Select(l => l.OrderId));
        Assert.Equal(["s0", "s1", "s2", "s3"], (await store.ListAsync(PickListStatus.Shipped, 4)).Select(l => l.OrderId));
        Assert.Equal(5, (await store.ListAsync(PickListStatus.Cancelled, 100)).Count);

        // Forty more lists shipped: listing the pending ones reads the same three rows in as many requests.
        await AddAsync(store, "t", 40, PickListStatus.Shipped, offset: 400);
        tables.Clear();
        Assert.Equal(3, (await store.ListAsync(PickListStatus.Pending, 100)).Count);
        var after = tables.Requests;

        AssertKeyRangeRead(tables, rows: 3);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Sum(r => r.Rows), after.Sum(r => r.Rows));
    }

    [Fact]
    public async Task Save_MovesTheListToItsNewStatus_InOneStep_AndASavedAgainListStaysOnce()
    {
        var (store, tables) = await NewStoreAsync();
        var list = NewList("o1", PickListStatus.Pending, Start);
        Assert.True(await store.AddIfAbsentAsync(list));
        Assert.False(await store.AddIfAbsentAsync(list with { ShipTo = "someone else" }));

        await store.SaveAsync(list with { Status = PickListStatus.Picking });
        await store.SaveAsync(list with { Status = PickListStatus.Shipped, Carrier = "UPS", TrackingNumber = "1Z" });
        await store.SaveAsync(list with { Status = PickListStatus.Shipped, Carrier = "UPS", TrackingNumber = "1Z" });

        Assert.Empty(await store.ListAsync(PickListStatus.Pending, 10));
        Assert.Empty(await store.ListAsync(PickListStatus.Picking, 10));
        tables.Clear();
        var shipped = Assert.Single(await store.ListAsync(PickListStatus.Shipped, 10));
        AssertKeyRangeRead(tables, rows: 1);
        Assert.Equal(("o1", "UPS", "1Z"), (shipped.OrderId, shipped.Carrier, shipped.TrackingNumber));
        var read = await store.GetAsync("o1");
        Assert.Equal((PickListStatus.Shipped, "1Z", 2), (read!.Status, read.TrackingNumber, read.Lines.Single().Quantity));
    }

    [Fact]
    public async Task ListsRecordedBeforeTheIndex_AreListed_AndMoveWithTheirNextChange()
    {
        var (store, tables) = await NewStoreAsync();
        var table = await LegacyTableAsync();
        foreach (var (id, status) in new[] { ("old1", PickListStatus.Pending), ("old2", PickListStatus.Shipped) })
        {
            await table.AddEntityAsync(new TableEntity("pick", id)
            {
                ["Status"] = status,
                ["CreatedAt"] = Start,
                ["ShipTo"] = "Ada Lovelace, 1 Main St",
                ["Lines"] = "[{\"sku\":\"A\",\"name\":\"A\",\"quantity\":1}]",
            });
        }

        Assert.Equal(["old1"], (await store.ListAsync(PickListStatus.Pending, 10)).Select(l => l.OrderId));
        await store.SaveAsync((await store.GetAsync("old1"))! with { Status = PickListStatus.Picking });

        Assert.Empty(await store.ListAsync(PickListStatus.Pending, 10));
        Assert.Equal(["old1"], (await store.ListAsync(PickListStatus.Picking, 10)).Select(l => l.OrderId));
        tables.Clear();
        Assert.Equal(["old2"], (await store.ListAsync(PickListStatus.Shipped, 10)).Select(l => l.OrderId));
        AssertKeyRangeRead(tables, rows: 1);
    }

    /// <summary>The listing was one read of a key range, returning <paramref name="rows"/> rows (the lists in the status).</summary>
    private static void AssertKeyRangeRead(TableRequestLog tables, int rows)
    {
        var query = Assert.Single(tables.Requests, r => r.Kind == TableRequestKind.Query);
        Assert.True(query.IsKeyRange, query.Filter);
        Assert.Equal(rows, query.Rows);
    }

    private static async Task AddAsync(FulfillmentStore store, string prefix, int count, string status, int offset)
    {
        for (var i = 0; i < count; i++)
        {
            var list = NewList(prefix + i, PickListStatus.Pending, Start.AddMinutes(offset + i));
            await store.AddIfAbsentAsync(list);
            if (status != PickListStatus.Pending)
            {
                await store.SaveAsync(list with { Status = status });
            }
        }
    }

    private static PickList NewList(string orderId, string status, DateTimeOffset createdAt) =>
        new(orderId, status, createdAt, "Ada Lovelace, 1 Main St, Springfield IL 62701 US", [new PickListLine("APP-BLT-LE", "Belt", 2)], null, null);

    private string _table = string.Empty;

    private async Task<(FulfillmentStore Store, TableRequestLog Tables)> NewStoreAsync()
    {
        _table = AzuriteFixture.UniqueName("pick");
        var tables = new TableRequestLog((await SharedAzurite.GetAsync()).Options.TablePort);
        var storage = TestStorage.Factory(azurite.ConnectionString, tables);
        return (new FulfillmentStore(storage, Options.Create(new FulfillmentOptions { Table = _table })), tables);
    }

    private async Task<TableClient> LegacyTableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, _table);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
