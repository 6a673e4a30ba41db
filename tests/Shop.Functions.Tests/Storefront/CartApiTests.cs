using System.Net;
using System.Text.Json;
using Shop.Infrastructure.Carts;

namespace Shop.Functions.Tests.Storefront;

public sealed class CartApiTests(CartFixture app) : IClassFixture<CartFixture>, IAsyncLifetime
{
    private readonly HttpClient _client = app.CreateClient();

    public Task InitializeAsync() => app.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateCart_Returns201_WithLocationETagAndAnUnguessableId()
    {
        var first = await _client.PostAsync("/api/carts", null);
        var cart = await first.JsonAsync(HttpStatusCode.Created);
        var second = await (await _client.PostAsync("/api/carts", null)).JsonAsync(HttpStatusCode.Created);

        var id = cart.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(id, second.GetProperty("id").GetString());
        Assert.Equal($"/api/carts/{id}", first.Headers.Location?.OriginalString);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal("open", cart.GetProperty("status").GetString());
        var fetched = await _client.GetAsync(first.Headers.Location);
        Assert.Equal(id, (await fetched.JsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString());
        Assert.Equal(first.Headers.ETag, fetched.Headers.ETag);
    }

    [Fact]
    public async Task NewCart_ExpiresSevenDaysAfterItsLastChange()
    {
        var cart = await (await _client.PostAsync("/api/carts", null)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(TimeSpan.FromDays(7), cart.GetProperty("expiresAt").GetDateTimeOffset() - cart.GetProperty("lastActivityAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Cart_WithSeveralLines_AddsUpSubtotalFreeShippingTaxAndTotal()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 3);
        await AddAsync(id, "b", 2);

        var cart = await SetDestinationAsync(id, "US", "10001", "NY");

        var lines = cart.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["A", "B"], lines.Select(l => l.GetProperty("sku").GetString()));
        Assert.Equal([30.00m, 51.00m], lines.Select(l => l.GetProperty("lineTotal").Amount()));
        Assert.Equal(25.50m, lines[1].GetProperty("unitPrice").Amount());
        var totals = cart.GetProperty("totals");
        Assert.Equal(5, totals.GetProperty("itemCount").GetInt32());
        Assert.Equal(3000, totals.GetProperty("weightGrams").GetInt32());
        Assert.Equal(81.00m, totals.GetProperty("subtotal").Amount());
        Assert.Equal(0.00m, totals.GetProperty("shipping").Amount());
        Assert.True(totals.GetProperty("freeShipping").GetBoolean());
        Assert.Equal(3.24m, totals.GetProperty("tax").Amount());
        Assert.Equal(84.24m, totals.GetProperty("total").Amount());
        Assert.Equal("domestic", totals.GetProperty("shippingZone").GetString());
    }

    [Fact]
    public async Task ChangingQuantities_AndRemovingLines_RecomputeTheTotals()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 2);
        await AddAsync(id, "B", 1);
        var cart = await SetDestinationAsync(id, "US", "97201", "OR");
        Assert.Equal(45.50m, Totals(cart, "subtotal"));
        Assert.Equal(7.99m, Totals(cart, "shipping"));
        Assert.Equal(53.49m, Totals(cart, "total"));

        cart = await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/a", """{ "quantity": 5 }""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(75.50m, Totals(cart, "subtotal"));
        Assert.Equal(0.00m, Totals(cart, "shipping"));
        Assert.Equal(75.50m, Totals(cart, "total"));

        cart = await (await _client.DeleteAsync($"/api/carts/{id}/items/B")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["A"], cart.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sku").GetString()));
        Assert.Equal(50.00m, Totals(cart, "subtotal"));
        Assert.Equal(6.99m, Totals(cart, "shipping"));
        Assert.Equal(56.99m, Totals(cart, "total"));
    }

    [Fact]
    public async Task FreeShipping_StartsAtTheThreshold_AndOnlyAtHome()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 7);
        var below = await SetDestinationAsync(id, "US", "97201", "OR");
        Assert.Equal(70.00m, Totals(below, "subtotal"));
        Assert.Equal(7.99m, Totals(below, "shipping"));
        Assert.False(below.GetProperty("totals").GetProperty("freeShipping").GetBoolean());

        await AddAsync(id, "A", 1);
        var atHome = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(80.00m, Totals(atHome, "subtotal"));
        Assert.Equal(0.00m, Totals(atHome, "shipping"));

        var canada = await SetDestinationAsync(id, "CA", "M5V 2T6", "ON");
        Assert.Equal("regional", canada.GetProperty("totals").GetProperty("shippingZone").GetString());
        Assert.Equal(22.99m, Totals(canada, "shipping"));
        Assert.Equal(0.00m, Totals(canada, "tax"));
        Assert.Equal(102.99m, Totals(canada, "total"));
    }

    [Theory]
    [InlineData("CA", "7.25")]
    [InlineData("TX", "6.25")]
    [InlineData("OR", "0")]
    public async Task Tax_FollowsTheDestinationState(string state, string tax)
    {
        var expectedTax = decimal.Parse(tax, System.Globalization.CultureInfo.InvariantCulture);
        var id = await NewCartAsync();
        await AddAsync(id, "A", 10);

        var cart = await SetDestinationAsync(id, "US", "90001", state);

        Assert.Equal(expectedTax, Totals(cart, "tax"));
        Assert.Equal(100m + expectedTax, Totals(cart, "total"));
    }

    [Fact]
    public async Task WithoutDestination_TotalsHaveNoShippingOrTax_AndSayWhy()
    {
        var id = await NewCartAsync();
        var cart = await AddAsync(id, "A", 1);

        Assert.False(cart.GetProperty("totals").TryGetProperty("shipping", out _));
        Assert.Equal(10.00m, Totals(cart, "total"));
        Assert.Contains(cart.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("destination", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddItem_TheSameSkuAgain_IncreasesTheLine()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 2);

        var cart = await AddAsync(id, "a", 3);

        var line = Assert.Single(cart.GetProperty("lines").EnumerateArray());
        Assert.Equal(5, line.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Lines_WarnWhenStockIsShortOrOut()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "C", 5);

        var cart = await AddAsync(id, "D", 1);

        var lines = cart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("sku").GetString()!);
        Assert.Equal("low", lines["C"].GetProperty("availability").GetString());
        Assert.Equal("Only 2 available.", lines["C"].GetProperty("warning").GetString());
        Assert.Equal("out", lines["D"].GetProperty("availability").GetString());
        Assert.Equal("Out of stock.", lines["D"].GetProperty("warning").GetString());
        Assert.Equal(2, cart.GetProperty("warnings").EnumerateArray().Count(w => w.GetString()!.StartsWith("C:", StringComparison.Ordinal) || w.GetString()!.StartsWith("D:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Prices_ComeFromTheCatalogAtReadTime()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "P09", 2);
        var product = await app.Products.GetAsync("P09");
        product!.Update(product.Name, product.Description, product.Category, new Shop.Domain.Common.Money(1.25m, "USD"), product.WeightGrams, product.ImageUrls);
        await app.Products.UpsertAsync(product);

        var cart = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2.50m, Totals(cart, "subtotal"));
        product.Update(product.Name, product.Description, product.Category, new Shop.Domain.Common.Money(1.00m, "USD"), product.WeightGrams, product.ImageUrls);
        await app.Products.UpsertAsync(product);
    }

    [Fact]
    public async Task Change_WithAStaleIfMatch_Is412_AndTheCurrentETagSucceeds()
    {
        var created = await _client.PostAsync("/api/carts", null);
        var id = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var first = created.Headers.ETag!.ToString();

        var added = await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", """{ "sku": "A", "quantity": 1 }""", ifMatch: first);
        await added.JsonAsync(HttpStatusCode.OK);
        var second = added.Headers.ETag!.ToString();
        Assert.NotEqual(first, second);

        var stale = await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", """{ "sku": "B", "quantity": 1 }""", ifMatch: first);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var staleDestination = await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/destination", """{ "country": "DE", "postalCode": "10115" }""", ifMatch: first);
        await staleDestination.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var garbage = await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/A", """{ "quantity": 2 }""", ifMatch: "\"not-ours\"");
        await garbage.ProblemAsync(HttpStatusCode.PreconditionFailed);

        var current = await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", """{ "sku": "B", "quantity": 1 }""", ifMatch: second);
        var cart = await current.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, cart.GetProperty("lines").GetArrayLength());
        var any = await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/A", """{ "quantity": 4 }""", ifMatch: "*");
        await any.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConcurrentAdds_OfDifferentSkus_NeverLoseALine()
    {
        var id = await NewCartAsync();
        var adds = Enumerable.Range(0, 10).Select(i => _client.PostJsonAsync($"/api/carts/{id}/items", new { sku = $"P{i:00}", quantity = i + 1 }));

        var responses = await Task.WhenAll(adds);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var cart = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);
        var lines = cart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("sku").GetString()!, l => l.GetProperty("quantity").GetInt32());
        Assert.Equal(Enumerable.Range(0, 10).ToDictionary(i => $"P{i:00}", i => i + 1), lines);
    }

    [Fact]
    public async Task ConcurrentAdds_OfOneSku_AreAllCounted()
    {
        var id = await NewCartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.PostJsonAsync($"/api/carts/{id}/items", new { sku = "A", quantity = 1 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var cart = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(10, Assert.Single(cart.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
    }

    [Theory]
    [InlineData("""{ "sku": "A", "quantity": 0 }""")]
    [InlineData("""{ "sku": "A", "quantity": -1 }""")]
    [InlineData("""{ "sku": "A", "quantity": 100 }""")]
    [InlineData("""{ "sku": "A", "quantity": 1.5 }""")]
    [InlineData("""{ "sku": "A", "quantity": true }""")]
    [InlineData("""{ "sku": "A", "quantity": [1] }""")]
    [InlineData("""{ "sku": "A", "quantity": null }""")]
    [InlineData("""{ "sku": "A" }""")]
    public async Task AddItem_WithABadQuantity_Is400NamingQuantity_AndChangesNothing(string body)
    {
        var id = await NewCartAsync();

        await (await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", body)).AssertFieldErrorAsync("quantity");

        await AssertEmptyAsync(id);
    }

    [Theory]
    [InlineData("""{ "quantity": 0 }""")]
    [InlineData("""{ "quantity": 100 }""")]
    [InlineData("""{ "quantity": 2.5 }""")]
    [InlineData("""{ }""")]
    public async Task SetQuantity_WithABadQuantity_Is400NamingQuantity(string body)
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 1);

        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/A", body)).AssertFieldErrorAsync("quantity");
    }

    [Fact]
    public async Task AddItem_BeyondNinetyNineInOneLine_Is400NamingQuantity()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 60);

        await (await _client.PostJsonAsync($"/api/carts/{id}/items", new { sku = "A", quantity = 40 })).AssertFieldErrorAsync("quantity");
    }

    [Theory]
    [InlineData("""{ "quantity": 1 }""", "sku")]
    [InlineData("""{ "sku": "", "quantity": 1 }""", "sku")]
    [InlineData("""{ "sku": 123, "quantity": 1 }""", "sku")]
    [InlineData("""{ "sku": ["A"], "quantity": 1 }""", "sku")]
    public async Task AddItem_WithAMissingOrMistypedSku_Is400NamingSku(string body, string field)
    {
        var id = await NewCartAsync();

        await (await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", body)).AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("price")]
    [InlineData("unitPrice")]
    [InlineData("currency")]
    [InlineData("total")]
    public async Task AddItem_WithAClientPriceOrTotal_IsRefusedAsAnUnknownField_AndNothingIsAdded(string field)
    {
        var id = await NewCartAsync();
        var body = $$"""{ "sku": "A", "quantity": 1, "{{field}}": 0.01 }""";

        await (await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", body)).AssertFieldErrorAsync(field);

        await AssertEmptyAsync(id);
    }

    [Fact]
    public async Task AddItem_WithABodyOverTheLimit_Is413()
    {
        var id = await NewCartAsync();
        var body = $$"""{ "sku": "{{new string('A', 1_100_000)}}", "quantity": 1 }""";

        await (await _client.SendJsonAsync(HttpMethod.Post, $"/api/carts/{id}/items", body)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("NO-SUCH-SKU")]
    [InlineData("GONE")]
    [InlineData("a'b or 1 eq 1")]
    public async Task AddItem_UnknownOrInactiveSku_Is404Problem(string sku)
    {
        var id = await NewCartAsync();

        await (await _client.PostJsonAsync($"/api/carts/{id}/items", new { sku, quantity = 1 })).ProblemAsync(HttpStatusCode.NotFound);

        await AssertEmptyAsync(id);
    }

    [Fact]
    public async Task ChangingALineNotInTheCart_Is404Problem()
    {
        var id = await NewCartAsync();

        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/A", """{ "quantity": 1 }""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/carts/{id}/items/A")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("not-a-cart")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    public async Task UnknownCart_Is404Problem_ForEveryOperation(string cartId)
    {
        await (await _client.GetAsync($"/api/carts/{cartId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/carts/{cartId}/items", new { sku = "A", quantity = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{cartId}/items/A", """{ "quantity": 1 }""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/carts/{cartId}/items/A")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{cartId}/destination", """{ "country": "DE", "postalCode": "10115" }""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{cartId}/email", """{ "email": "a@example.com" }""")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "country": "USA", "postalCode": "10001", "region": "NY" }""", "country")]
    [InlineData("""{ "postalCode": "10001", "region": "NY" }""", "country")]
    [InlineData("""{ "country": "US", "region": "NY" }""", "postalCode")]
    [InlineData("""{ "country": "US", "postalCode": "10001" }""", "region")]
    [InlineData("""{ "country": "US", "postalCode": "10001", "region": "ZZ" }""", "region")]
    [InlineData("""{ "country": "US", "postalCode": "10001", "region": "N'Y" }""", "region")]
    [InlineData("""{ "country": 1, "postalCode": "10001" }""", "country")]
    [InlineData("""{ "country": "US", "postalCode": "10001", "region": "NY", "shipping": 0 }""", "shipping")]
    public async Task SetDestination_WithABadField_Is400NamingIt(string body, string field)
    {
        var id = await NewCartAsync();

        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/destination", body)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task SetEmail_StoresAValidAddress_AndRefusesAnInvalidOne()
    {
        var id = await NewCartAsync();

        var cart = await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/email", """{ "email": "shopper@example.com" }""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("shopper@example.com", cart.GetProperty("email").GetString());
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/email", """{ "email": "nope" }""")).AssertFieldErrorAsync("email");
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/email", """{ }""")).AssertFieldErrorAsync("email");
    }

    [Fact]
    public async Task ExpiredCart_ShowsExpired_AndRefusesChangesWith409()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 1);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        Assert.Same(app.Clock, clock);

        app.Clock.Advance(TimeSpan.FromDays(8));

        var cart = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", cart.GetProperty("status").GetString());
        await (await _client.PostJsonAsync($"/api/carts/{id}/items", new { sku = "B", quantity = 1 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/items/A", """{ "quantity": 2 }""")).ProblemAsync(HttpStatusCode.Conflict);
        await (await _client.DeleteAsync($"/api/carts/{id}/items/A")).ProblemAsync(HttpStatusCode.Conflict);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/email", """{ "email": "a@example.com" }""")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CheckedOutCart_RefusesChangesWith409()
    {
        var id = await NewCartAsync();
        await AddAsync(id, "A", 1);
        await app.Services.GetRequiredService<CartService>().CheckOutAsync(id, "order-123");

        var cart = await (await _client.GetAsync($"/api/carts/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("checkedOut", cart.GetProperty("status").GetString());
        await (await _client.PostJsonAsync($"/api/carts/{id}/items", new { sku = "B", quantity = 1 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{id}/destination", """{ "country": "DE", "postalCode": "10115" }""")).ProblemAsync(HttpStatusCode.Conflict);
        await (await _client.DeleteAsync($"/api/carts/{id}/items/A")).ProblemAsync(HttpStatusCode.Conflict);
    }

    private static decimal Totals(JsonElement cart, string name) => cart.GetProperty("totals").GetProperty(name).Amount();

    private async Task<string> NewCartAsync() =>
        (await (await _client.PostAsync("/api/carts", null)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private async Task<JsonElement> AddAsync(string cartId, string sku, int quantity) =>
        await (await _client.PostJsonAsync($"/api/carts/{cartId}/items", new { sku, quantity })).JsonAsync(HttpStatusCode.OK);

    private async Task<JsonElement> SetDestinationAsync(string cartId, string country, string postalCode, string? region) =>
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/carts/{cartId}/destination", JsonSerializer.Serialize(new { country, postalCode, region }))).JsonAsync(HttpStatusCode.OK);

    private async Task AssertEmptyAsync(string cartId)
    {
        var cart = await (await _client.GetAsync($"/api/carts/{cartId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, cart.GetProperty("lines").GetArrayLength());
    }
}
