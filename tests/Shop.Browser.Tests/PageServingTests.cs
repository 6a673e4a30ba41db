using System.Net;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Browser.Tests;

/// <summary>How the app serves the pages: content types, the Content Security Policy, nothing outside the page folder.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageServingTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("", "text/html")]
    [InlineData("ops", "text/html")]
    [InlineData("assets/store.js", "text/javascript")]
    [InlineData("assets/ops.js", "text/javascript")]
    [InlineData("assets/site.css", "text/css")]
    public async Task Page_IsServedWithItsContentTypeAndStrictCsp(string path, string contentType)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' https://js.stripe.com;", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("assets/staticwebapp.config.json")]
    [InlineData("assets/%2E%2E%2FShop.Functions.dll")]
    [InlineData("assets/nothing.js")]
    [InlineData("staticwebapp.config.json")]
    [InlineData("web/index.html")]
    public async Task FileOutsideThePages_IsNotServed(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StorefrontConfig_WithoutStripeKey_OffersTheSimulatedGatewaysTestCards()
    {
        using var config = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("api/storefront/config", UriKind.Relative)));

        Assert.Equal("simulated", config.RootElement.GetProperty("payments").GetString());
        var cards = config.RootElement.GetProperty("testPaymentMethods").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("pm_card_visa", cards);
        Assert.Contains("pm_card_chargeDeclined", cards);
        Assert.Contains("pm_card_authenticationRequired", cards);
        Assert.Contains("US", config.RootElement.GetProperty("shipsTo").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task StaticWebAppConfig_CarriesTheAppsContentSecurityPolicy()
    {
        using var response = await fixture.Http.GetAsync(new Uri("", UriKind.Relative));
        var served = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var path = Path.Combine(RepositoryPaths.Root(), "functions", "Shop.Functions", "web", "staticwebapp.config.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var globalHeaders = config.RootElement.GetProperty("globalHeaders");
        Assert.Equal(served, globalHeaders.GetProperty("Content-Security-Policy").GetString());
        Assert.Equal("nosniff", globalHeaders.GetProperty("X-Content-Type-Options").GetString());
    }
}
