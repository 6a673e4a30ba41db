using System.Net;
using System.Text.Json;

namespace Shop.Functions.Tests.Storefront;

public sealed class CatalogApiTests(CatalogFixture app) : IClassFixture<CatalogFixture>, IAsyncLifetime
{
    private readonly HttpClient _client = app.CreateClient();

    public Task InitializeAsync() => app.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public async Task ListProducts_PagingWalksEveryActiveProductExactlyOnce(int pageSize)
    {
        var (skus, pages) = await WalkAsync($"/api/products?pageSize={pageSize}");

        Assert.Equal(CatalogFixture.Active.Select(p => p.Sku).Order(StringComparer.Ordinal), skus);
        Assert.Equal((int)Math.Ceiling(CatalogFixture.Active.Count() / (double)pageSize), pages);
    }

    [Fact]
    public async Task ListProducts_DefaultPageSize_Is20()
    {
        var page = await _client.GetJsonAsync("/api/products");

        Assert.Equal(20, page.GetProperty("items").GetArrayLength());
        Assert.True(page.TryGetProperty("continuationToken", out _));
    }

    [Theory]
    [InlineData("kitchen", "Kitchen")]
    [InlineData("GARDEN TOOLS", "Garden Tools")]
    [InlineData("café", "Café")]
    [InlineData("CAFÉ", "Café")]
    public async Task ListProducts_FiltersByCategory_CaseInsensitively(string filter, string category)
    {
        var (skus, _) = await WalkAsync($"/api/products?pageSize=3&category={Uri.EscapeDataString(filter)}");

        Assert.Equal(CatalogFixture.Active.Where(p => p.Category == category).Select(p => p.Sku).Order(StringComparer.Ordinal), skus);
    }

    [Theory]
    [InlineData("mug", new[] { "C05", "K01", "K02", "K03" })]
    [InlineData("ESPRESSO", new[] { "C02", "C06" })]
    [InlineData("crème", new[] { "C01" })]
    [InlineData("café", new[] { "C01" })]
    [InlineData("  tamper ", new[] { "C07" })]
    public async Task ListProducts_SearchesNameAndDescription_CaseInsensitively(string q, string[] expected)
    {
        var (skus, _) = await WalkAsync($"/api/products?pageSize=2&q={Uri.EscapeDataString(q)}");

        Assert.Equal(expected, skus);
    }

    [Fact]
    public async Task ListProducts_SearchAndCategoryCombine()
    {
        var (skus, _) = await WalkAsync("/api/products?pageSize=1&category=Kitchen&q=mug");

        Assert.Equal(["K01", "K02", "K03"], skus);
    }

    [Fact]
    public async Task ListProducts_ShowPriceAndAvailability()
    {
        var items = (await _client.GetJsonAsync("/api/products?category=kitchen&pageSize=3")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(["K01", "K02", "K03"], items.Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal(["out", "low", "in_stock"], items.Select(i => i.GetProperty("availability").GetString()));
        Assert.Equal(24.50m, items[1].GetProperty("price").Amount());
        Assert.Equal("USD", items[1].GetProperty("price").GetProperty("currency").GetString());
        Assert.Equal("$24.50", items[1].GetProperty("price").GetProperty("formatted").GetString());
    }

    public static TheoryData<string> HostileFilters => new()
    {
        "' or '1' eq '1",
        "Kitchen' or PartitionKey ne '",
        "') or (RowKey gt '",
        "x' or Active eq false or 'a' eq 'a",
        "eq",
        " or ",
        "\"",
        "''",
        "%27",
        "\\",
        "日本語",
        "😀",
        "secret",
        new string('a', 1000),
        new string('\'', 1000),
    };

    [Theory]
    [MemberData(nameof(HostileFilters))]
    public async Task ListProducts_HostileSearchText_NeverBreaksTheQueryOrReturnsOtherData(string q)
    {
        var (skus, _) = await WalkAsync($"/api/products?pageSize=100&q={Uri.EscapeDataString(q)}");

        var needle = q.Trim();
        var expected = CatalogFixture.Active
            .Where(p => needle.Length == 0 || p.Name.Contains(needle, StringComparison.OrdinalIgnoreCase) || p.Description.Contains(needle, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Sku)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, skus);
        Assert.DoesNotContain("Z-SECRET", skus);
    }

    [Theory]
    [MemberData(nameof(HostileFilters))]
    public async Task ListProducts_HostileCategory_NeverBreaksTheQueryOrReturnsOtherData(string category)
    {
        var (skus, _) = await WalkAsync($"/api/products?pageSize=100&category={Uri.EscapeDataString(category)}");

        Assert.Empty(skus);
    }

    [Theory]
    [InlineData("q")]
    [InlineData("category")]
    public async Task ListProducts_FilterOver1000Characters_Is400NamingTheField(string field)
    {
        var response = await _client.GetAsync($"/api/products?{field}={new string('a', 1001)}");

        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task ListProducts_PageSizeOutside1To100_Is400NamingPageSize(string pageSize)
    {
        var response = await _client.GetAsync($"/api/products?pageSize={Uri.EscapeDataString(pageSize)}");

        await response.AssertFieldErrorAsync("pageSize");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("cDE6")]
    [InlineData("eDE6SzAx")]
    [InlineData("cDE6J29yJw")]
    public async Task ListProducts_ForgedContinuationToken_Is400NamingIt(string token)
    {
        var response = await _client.GetAsync($"/api/products?continuationToken={Uri.EscapeDataString(token)}");

        await response.AssertFieldErrorAsync("continuationToken");
    }

    [Fact]
    public async Task GetProduct_ReturnsTheProductWithAvailability_WhateverTheSkuCase()
    {
        var product = await _client.GetJsonAsync("/api/products/k02");

        Assert.Equal("K02", product.GetProperty("sku").GetString());
        Assert.Equal("Travel Mug", product.GetProperty("name").GetString());
        Assert.Equal("low", product.GetProperty("availability").GetString());
        Assert.Equal("https://img.example.com/K02.png", product.GetProperty("imageUrls")[0].GetString());
    }

    [Theory]
    [InlineData("NO-SUCH-SKU")]
    [InlineData("Z-SECRET")]
    [InlineData("a%27b")]
    [InlineData("%E6%97%A5")]
    public async Task GetProduct_UnknownOrInactiveSku_Is404Problem(string sku)
    {
        var response = await _client.GetAsync($"/api/products/{sku}");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListCategories_CountsActiveProducts()
    {
        var categories = await _client.GetJsonAsync("/api/categories");

        var counts = categories.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("productCount").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Café"] = 7, ["Garden Tools"] = 8, ["Kitchen"] = 10 }, counts);
    }

    private async Task<(List<string> Skus, int Pages)> WalkAsync(string url)
    {
        var skus = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await _client.GetJsonAsync(token is null ? url : $"{url}&continuationToken={Uri.EscapeDataString(token)}");
            pages++;
            skus.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.True(pages <= 200, "Paging does not end.");
        }
        while (token is not null);

        Assert.Equal(skus.Count, skus.Distinct().Count());
        return (skus, pages);
    }
}
