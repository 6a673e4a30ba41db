using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Functions.Tests.Marketing;

/// <summary>The cart app with every table request recorded.</summary>
public sealed class CountingCartReminderAppFactory : CartReminderAppFactory
{
    private TableRequestLog? _tables;

    public TableRequestLog Tables => _tables ?? throw new InvalidOperationException("Call InitializeAsync first.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tables ??= new TableRequestLog((await SharedAzurite.GetAsync()).Options.TablePort);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<StorageClientOptions>(o => o.Policies.Add(Tables)));
    }
}

/// <summary>
/// What the reminders cost the cart's hot path: nothing for a change of a cart without an email (the load test's
/// shoppers give their email at checkout), and one durable start, once, for the change that makes a cart remindable.
/// </summary>
public sealed class CartReminderCostTests(CountingCartReminderAppFactory app) : IClassFixture<CountingCartReminderAppFactory>, IAsyncLifetime
{
    private CartReminderTestClient _carts = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        _carts = new CartReminderTestClient(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CartChanges_WithoutAnEmail_TouchNoDurableTable_AndTheCartTwiceEach_WhileTheEmailChangeStartsTheRemindersOnce()
    {
        var hub = app.Settings["Durable__TaskHub"]!;
        var cartsTable = app.Settings["Carts__Table"]!;
        var sku = await _carts.Shop.AddProductAsync(price: 15m, stock: 10);
        var cartId = await _carts.Shop.CartWithAsync(sku, 1);

        app.Tables.Clear();
        (await _carts.Shop.Client.PostAsJsonAsync($"/api/carts/{cartId}/items", new { sku, quantity = 1 })).EnsureSuccessStatusCode();
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{cartId}/items/{sku}", new { quantity = 3 })).EnsureSuccessStatusCode();
        var plain = app.Tables.Requests;

        // A read and a write of the cart per change, nothing else (products and stock are shown from the display copies).
        Assert.Equal(4, plain.Count);
        Assert.All(plain, r => Assert.Equal(cartsTable, r.Table));

        app.Tables.Clear();
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{cartId}/email", new { email = $"cost-{Guid.NewGuid():N}@example.com" })).EnsureSuccessStatusCode();
        var starting = app.Tables.Requests;
        Assert.Equal(2, starting.Count(r => r.Table == cartsTable));
        var durable = starting.Where(r => r.Table.StartsWith(hub, StringComparison.OrdinalIgnoreCase) && r.Table != cartsTable).ToList();
        Assert.True(durable.Count > 0, "the reminders' start writes to the task hub");
        Console.WriteLine($"The change that starts the reminders: {starting.Count} table requests: {string.Join(", ", starting.Select(r => $"{r.Table} {r.Kind}"))}");

        // Marked: later changes start nothing again.
        app.Tables.Clear();
        (await _carts.Shop.Client.PutAsJsonAsync($"/api/carts/{cartId}/items/{sku}", new { quantity = 2 })).EnsureSuccessStatusCode();
        Assert.Equal(2, app.Tables.Requests.Count(r => r.Table == cartsTable));
    }
}
