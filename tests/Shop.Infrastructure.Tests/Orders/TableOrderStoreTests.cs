using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Orders;
using Shop.Testing;

namespace Shop.Infrastructure.Tests.Orders;

public sealed class TableOrderStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Order_RoundTrips_WithLinesTotalsAddressAndTimeline()
    {
        var store = NewStore();
        var order = NewOrder(Day1, "ada@example.com");
        order.Confirm("pi_123", Day1.AddMinutes(1));
        order.Note("shipment_delayed", Day1.AddDays(2), "48 h SLA passed");

        await store.CreateAsync(order);
        await store.SaveAsync(order);
        var read = await store.GetAsync(order.Id);

        Assert.NotNull(read);
        Assert.Equal(OrderStatus.Confirmed, read.Status);
        Assert.Equal("pi_123", read.PaymentId);
        Assert.Equal(order.ShippingAddress, read.ShippingAddress);
        Assert.Equal(order.Lines, read.Lines);
        Assert.Equal(order.Totals, read.Totals);
        Assert.Equal(order.Timeline.Select(e => (e.Step, e.Detail)), read.Timeline.Select(e => (e.Step, e.Detail)));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("20261120-ABCDEF0123456789abcdef0123456789")]
    [InlineData("20261120-00000000000000000000000000000000")]
    [InlineData("' or PartitionKey ne '")]
    public async Task Get_UnknownOrMalformedId_ReturnsNull(string id) =>
        Assert.Null(await NewStore().GetAsync(id));

    [Fact]
    public async Task Create_Twice_KeepsOneOrder()
    {
        var store = NewStore();
        var order = NewOrder(Day1, "twice@example.com");

        await store.CreateAsync(order);
        await store.CreateAsync(order);

        var page = await store.ListAsync(null, DateOnly.FromDateTime(Day1.UtcDateTime), DateOnly.FromDateTime(Day1.UtcDateTime), 50, null);
        Assert.Single(page.Orders, o => o.Id == order.Id);
    }

    [Fact]
    public async Task List_ByStatusAndDays_PagesThroughEveryMatchingOrderOnce()
    {
        var store = NewStore();
        var confirmed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var order = NewOrder(Day1.AddDays(i % 3), $"c{i}@example.com");
            if (i % 2 == 0)
            {
                order.Confirm("pi_" + i, order.PlacedAt);
                confirmed.Add(order.Id);
            }

            await store.CreateAsync(order);
            await store.SaveAsync(order);
        }

        var outside = NewOrder(Day1.AddDays(10), "late@example.com");
        outside.Confirm("pi_late", outside.PlacedAt);
        await store.CreateAsync(outside);
        await store.SaveAsync(outside);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(OrderStatus.Confirmed, DateOnly.FromDateTime(Day1.UtcDateTime), DateOnly.FromDateTime(Day1.AddDays(2).UtcDateTime), 2, token);
            seen.AddRange(page.Orders.Select(o => o.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(confirmed.Order(), seen.Order());
    }

    [Fact]
    public async Task RecordPlacementByEmail_CountsTheEmailsOtherOrdersInTheWindow_AndARetryCountsTheSame()
    {
        var store = NewStore();
        var window = TimeSpan.FromHours(1);
        var old = NewOrder(Day1.AddMinutes(-90), "bob@example.com");
        var first = NewOrder(Day1, "bob@example.com");
        var second = NewOrder(Day1.AddMinutes(30), "Bob@Example.com ");
        var other = NewOrder(Day1.AddMinutes(31), "eve@example.com");

        Assert.Equal(0, await store.RecordPlacementByEmailAsync(old.Email, old.Id, old.PlacedAt, window));
        Assert.Equal(0, await store.RecordPlacementByEmailAsync(first.Email, first.Id, first.PlacedAt, window));
        Assert.Equal(1, await store.RecordPlacementByEmailAsync(second.Email, second.Id, second.PlacedAt, window));
        Assert.Equal(0, await store.RecordPlacementByEmailAsync(other.Email, other.Id, other.PlacedAt, window));

        // A retried validation of the first order now also sees the second one (placed since), and records nothing new.
        Assert.Equal(1, await store.RecordPlacementByEmailAsync(first.Email, first.Id, first.PlacedAt, window));
        Assert.Equal(1, await store.RecordPlacementByEmailAsync(second.Email, second.Id, second.PlacedAt, window));
    }

    [Fact]
    public async Task RecordPlacementByEmail_ConcurrentOrdersOfOneEmail_AreEachCountedOnce()
    {
        var store = NewStore();
        var orders = Enumerable.Range(0, 12).Select(i => NewOrder(Day1.AddSeconds(i), "rush@example.com")).ToList();

        var counts = await Task.WhenAll(orders.Select(o => store.RecordPlacementByEmailAsync(o.Email, o.Id, o.PlacedAt, TimeSpan.FromHours(1))));

        // Recorded one after the other: each saw the ones before it, so the counts are 0, 1, …, 11 in some order.
        Assert.Equal(Enumerable.Range(0, orders.Count), counts.Order());
    }

    [Fact]
    public async Task GetLatest_GivesTheVersionThisProcessSaved_AsAFreshCopyEachTime()
    {
        var table = AzuriteFixture.UniqueName("orders");
        var store = NewStore(table);
        var order = NewOrder(Day1, "latest@example.com");
        await store.CreateAsync(order);
        order.Confirm("pi_1", Day1.AddMinutes(1));
        await store.SaveAsync(order);

        var first = await store.GetLatestAsync(order.Id);
        first!.Note("scribble", Day1.AddMinutes(2));
        var second = await store.GetLatestAsync(order.Id);

        Assert.Equal(OrderStatus.Confirmed, second!.Status);
        Assert.DoesNotContain(second.Timeline, e => e.Step == "scribble");
        Assert.Equal(OrderStatus.Confirmed, (await NewStore(table).GetAsync(order.Id))!.Status);
    }

    [Fact]
    public async Task Save_OfACopyAnotherProcessMadeStale_IsRefused_AndTheRetryFromAFreshReadWins()
    {
        var table = AzuriteFixture.UniqueName("orders");
        var here = NewStore(table);
        var elsewhere = NewStore(table);
        var order = NewOrder(Day1, "stale@example.com");
        await here.CreateAsync(order);

        var theirs = (await elsewhere.GetAsync(order.Id))!;
        theirs.Confirm("pi_theirs", Day1.AddMinutes(1));
        await elsewhere.SaveAsync(theirs);

        var mine = (await here.GetLatestAsync(order.Id))!;
        Assert.Equal(OrderStatus.Placed, mine.Status);
        mine.Reject("stale decision", Day1.AddMinutes(2));
        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => here.SaveAsync(mine));
        Assert.Equal(412, refused.Status);
        Assert.Equal(OrderStatus.Confirmed, (await elsewhere.GetAsync(order.Id))!.Status);

        var fresh = (await here.GetLatestAsync(order.Id))!;
        Assert.Equal(OrderStatus.Confirmed, fresh.Status);
        fresh.Cancel("changed my mind", Day1.AddMinutes(3));
        await here.SaveAsync(fresh);
        Assert.Equal(OrderStatus.Cancelled, (await elsewhere.GetAsync(order.Id))!.Status);
    }

    [Fact]
    public async Task GetRecent_AnswersFromThisProcesssCopyWhileItIsYoungEnough_ElseReadsWhatAnotherProcessSaved()
    {
        var table = AzuriteFixture.UniqueName("orders");
        var here = NewStore(table);
        var elsewhere = NewStore(table);
        var order = NewOrder(Day1, "recent@example.com");
        await here.CreateAsync(order);

        var theirs = (await elsewhere.GetAsync(order.Id))!;
        theirs.Confirm("pi_elsewhere", Day1.AddMinutes(1));
        await elsewhere.SaveAsync(theirs);

        Assert.Equal(OrderStatus.Placed, (await here.GetRecentAsync(order.Id, TimeSpan.FromHours(1)))!.Status);
        Assert.Equal(OrderStatus.Confirmed, (await here.GetRecentAsync(order.Id, TimeSpan.Zero))!.Status);
        Assert.Equal(OrderStatus.Confirmed, (await here.GetRecentAsync(order.Id, TimeSpan.FromHours(1)))!.Status);
        Assert.Null(await here.GetRecentAsync("20261120-00000000000000000000000000000000", TimeSpan.FromHours(1)));
    }

    private TableOrderStore NewStore(string? table = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        var storage = new StorageClientFactory(configuration, Options.Create(new StorageClientOptions()));
        return new TableOrderStore(storage, Options.Create(new OrdersOptions { OrdersTable = table ?? AzuriteFixture.UniqueName("orders") }));
    }

    private static Order NewOrder(DateTimeOffset placedAt, string email) => Order.Place(
        OrderIds.New(placedAt),
        "cart-1",
        email,
        new ShippingAddress("Ada", "1 Main St", "Apt 2", "Springfield", "IL", "62701", "US"),
        [new OrderLine("MUG-1", "Mug", 2, new Money(12.5m, "USD")), new OrderLine("TEA-9", "Tea", 1, new Money(4.99m, "USD"))],
        new OrderTotals(new Money(29.99m, "USD"), new Money(5m, "USD"), new Money(1.87m, "USD"), new Money(36.86m, "USD")),
        "pm_card_visa",
        placedAt);
}
