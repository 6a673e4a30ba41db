using System.Net;
using System.Text.Json;
using Shop.Hosting.Http;

namespace Shop.Functions.Tests.Storefront;

public sealed class AdminApiTests(StorefrontFactory app) : IClassFixture<StorefrontFactory>
{
    private readonly HttpClient _admin = app.CreateAdminClient();
    private readonly HttpClient _anonymous = app.CreateClient();

    public static TheoryData<string, string, string?> AdminCalls => new()
    {
        { "PUT", "/api/admin/products/ADM-AUTH", """{ "name": "Mug", "category": "Kitchen", "price": 10, "weightGrams": 100 }""" },
        { "DELETE", "/api/admin/products/ADM-AUTH", null },
        { "GET", "/api/admin/stock/ADM-AUTH", null },
        { "POST", "/api/admin/stock/ADM-AUTH/receipts", """{ "quantity": 5 }""" },
        { "PUT", "/api/admin/stock/ADM-AUTH/reorder", """{ "reorderPoint": 5, "leadTimeDays": 7 }""" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task AdminCall_WithoutKey_Is401_AndWithAWrongKey_Is403_AndChangesNothing(string method, string url, string? body)
    {
        var none = await SendAsync(_anonymous, method, url, body, key: null);
        await none.ProblemAsync(HttpStatusCode.Unauthorized);

        var wrong = await SendAsync(_anonymous, method, url, body, key: "not-the-key");
        await wrong.ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Null(await app.Products.GetAsync("ADM-AUTH"));
        Assert.Null(await app.Stock.GetAsync("ADM-AUTH"));
    }

    [Fact]
    public async Task UpsertProduct_CreatesWith201_ThenUpdatesWith200_AndTheStorefrontShowsIt()
    {
        var created = await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/products/adm-mug", """
            { "name": "Admin Mug", "description": "Made by the admin API.", "category": "Kitchen", "price": 12.50, "currency": "usd",
              "weightGrams": 350, "imageUrls": ["https://img.example.com/mug.png"] }
            """);
        var product = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("ADM-MUG", product.GetProperty("sku").GetString());
        Assert.Equal("/api/products/ADM-MUG", created.Headers.Location?.OriginalString);
        Assert.True(product.GetProperty("active").GetBoolean());

        var updated = await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/products/ADM-MUG", """
            { "name": "Admin Mug XL", "category": "Kitchen", "price": 14, "weightGrams": 400 }
            """);
        await updated.JsonAsync(HttpStatusCode.OK);

        var shown = await _anonymous.GetJsonAsync("/api/products/ADM-MUG");
        Assert.Equal("Admin Mug XL", shown.GetProperty("name").GetString());
        Assert.Equal(14.00m, shown.GetProperty("price").Amount());
        Assert.Equal("out", shown.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task UpsertProduct_WithBadFields_Is400NamingEachOne_AndCreatesNothing()
    {
        var response = await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/products/ADM-BAD", """
            { "name": " ", "category": "", "price": -1, "currency": "EUR", "imageUrls": ["ftp://example.com/a.png"] }
            """);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["category", "currency", "imageUrls", "name", "price", "weightGrams"], fields);
        Assert.Null(await app.Products.GetAsync("ADM-BAD"));
    }

    [Theory]
    [InlineData("""{ "name": "Mug", "category": "Kitchen", "price": 10.005, "weightGrams": 1 }""", "price")]
    [InlineData("""{ "name": "Mug", "category": "Kitchen", "price": true, "weightGrams": 1 }""", "price")]
    [InlineData("""{ "name": "Mug", "category": "Kitchen", "price": 10, "weightGrams": 1, "stock": 5 }""", "stock")]
    [InlineData("""{ "name": "Mug", "category": "Kitchen", "price": 10, "weightGrams": -1 }""", "weightGrams")]
    public async Task UpsertProduct_WithAnInvalidValue_Is400NamingTheField(string body, string field)
    {
        await (await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/products/ADM-BAD2", body)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task UpsertProduct_WithAnInvalidSku_Is400NamingSku()
    {
        var body = """{ "name": "Mug", "category": "Kitchen", "price": 10, "weightGrams": 1 }""";

        await (await _admin.SendJsonAsync(HttpMethod.Put, $"/api/admin/products/{Uri.EscapeDataString("a'b")}", body)).AssertFieldErrorAsync("sku");
    }

    [Fact]
    public async Task DeactivateProduct_HidesItFromTheStorefrontAndCarts_ButKeepsIt()
    {
        await app.AddProductAsync("ADM-OLD", "Old Lamp", "Lighting", 30m, onHand: 5);

        await (await _admin.DeleteAsync("/api/admin/products/ADM-OLD")).JsonAsync(HttpStatusCode.NoContent);

        await (await _anonymous.GetAsync("/api/products/ADM-OLD")).ProblemAsync(HttpStatusCode.NotFound);
        var listed = await _anonymous.GetJsonAsync("/api/products?category=lighting");
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
        var cartId = (await (await _anonymous.PostAsync("/api/carts", null)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await _anonymous.PostJsonAsync($"/api/carts/{cartId}/items", new { sku = "ADM-OLD", quantity = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        var kept = await app.Products.GetAsync("ADM-OLD");
        Assert.False(kept!.Active);
        Assert.Equal(5, (await _admin.GetJsonAsync("/api/admin/stock/ADM-OLD")).GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task DeactivateProduct_Unknown_Is404()
    {
        await (await _admin.DeleteAsync("/api/admin/products/ADM-NEVER")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReceiveStock_AddsToOnHand_AndTheStorefrontAvailabilityFollows()
    {
        await app.AddProductAsync("ADM-RCV", "Received Thing", "Receiving", 5m, onHand: 0);
        Assert.Equal("out", (await _anonymous.GetJsonAsync("/api/products/ADM-RCV")).GetProperty("availability").GetString());

        var low = await (await _admin.PostJsonAsync("/api/admin/stock/adm-rcv/receipts", new { quantity = 3, note = "first pallet" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, low.GetProperty("onHand").GetInt32());
        Assert.Equal("low", (await _anonymous.GetJsonAsync("/api/products/ADM-RCV")).GetProperty("availability").GetString());

        await (await _admin.PostJsonAsync("/api/admin/stock/ADM-RCV/receipts", new { quantity = 10 })).JsonAsync(HttpStatusCode.OK);
        var stock = await _admin.GetJsonAsync("/api/admin/stock/ADM-RCV");
        Assert.Equal(13, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(13, stock.GetProperty("available").GetInt32());
        Assert.Equal(0, stock.GetProperty("held").GetInt32());
        Assert.Equal(13, stock.GetProperty("received").GetInt64());
        Assert.Equal("in_stock", (await _anonymous.GetJsonAsync("/api/products/ADM-RCV")).GetProperty("availability").GetString());
    }

    [Theory]
    [InlineData("""{ "quantity": 0 }""", "quantity")]
    [InlineData("""{ "quantity": -5 }""", "quantity")]
    [InlineData("""{ "quantity": 1.5 }""", "quantity")]
    [InlineData("""{ "note": "no quantity" }""", "quantity")]
    [InlineData("""{ "quantity": 1000001 }""", "quantity")]
    [InlineData("""{ "quantity": 1, "onHand": 500 }""", "onHand")]
    public async Task ReceiveStock_WithABadBody_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        await app.AddProductAsync("ADM-RCV-BAD", "Receiving Target", "Receiving", 5m, onHand: 0);

        await (await _admin.SendJsonAsync(HttpMethod.Post, "/api/admin/stock/ADM-RCV-BAD/receipts", body)).AssertFieldErrorAsync(field);

        Assert.Null(await app.Stock.GetAsync("ADM-RCV-BAD"));
    }

    [Fact]
    public async Task Stock_OfAnUnknownSku_Is404_ForEveryStockCall()
    {
        await (await _admin.GetAsync("/api/admin/stock/ADM-NONE")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.PostJsonAsync("/api/admin/stock/ADM-NONE/receipts", new { quantity = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/stock/ADM-NONE/reorder", """{ "reorderPoint": 1, "leadTimeDays": 1 }""")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await app.Stock.GetAsync("ADM-NONE"));
    }

    [Fact]
    public async Task SetReorder_StoresTheSettings_AndFlagsAReorder()
    {
        await app.AddProductAsync("ADM-RO", "Reorder Thing", "Receiving", 5m, onHand: 8);

        var stock = await (await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/stock/ADM-RO/reorder", """{ "reorderPoint": 10, "leadTimeDays": 21 }""")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(10, stock.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(21, stock.GetProperty("leadTimeDays").GetInt32());
        Assert.True(stock.GetProperty("needsReorder").GetBoolean());
        Assert.Equal(8, stock.GetProperty("onHand").GetInt32());
    }

    [Theory]
    [InlineData("""{ "reorderPoint": -1, "leadTimeDays": 7 }""", "reorderPoint")]
    [InlineData("""{ "leadTimeDays": 7 }""", "reorderPoint")]
    [InlineData("""{ "reorderPoint": 5, "leadTimeDays": 366 }""", "leadTimeDays")]
    [InlineData("""{ "reorderPoint": 5 }""", "leadTimeDays")]
    public async Task SetReorder_WithABadValue_Is400NamingTheField(string body, string field)
    {
        await app.AddProductAsync("ADM-RO-BAD", "Reorder Target", "Receiving", 5m, onHand: 1);

        await (await _admin.SendJsonAsync(HttpMethod.Put, "/api/admin/stock/ADM-RO-BAD/reorder", body)).AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryStorefrontFunction()
    {
        var document = await _anonymous.GetJsonAsync("/api/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);
        string[] expected =
        [
            "ListProducts", "GetProduct", "ListCategories", "CreateCart", "GetCart", "AddCartItem", "SetCartItemQuantity", "RemoveCartItem",
            "SetCartDestination", "SetCartEmail", "UpsertProduct", "DeactivateProduct", "GetStock", "ReceiveStock", "SetStockReorder",
        ];
        Assert.All(expected, name =>
        {
            Assert.True(operations.TryGetValue(name, out var operation), $"{name} is missing");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            Assert.True(operation.GetProperty("tags").GetArrayLength() > 0);
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{name} has no success response");
        });
        Assert.True(operations["UpsertProduct"].GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(operations["AddCartItem"].GetProperty("responses").TryGetProperty("412", out _));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add(AdminOptions.HeaderName, key);
        }

        return client.SendAsync(request);
    }
}
