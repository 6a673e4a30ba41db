using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>A shopper on the storefront: catalog, product page, cart with live totals, checkout, the order followed live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Shopper_BuysTwoProducts_SeesConfirmedOrder()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        var shop = new Storefront(page);

        await shop.OpenCatalogAsync();
        await watched.ScreenshotAsync("storefront-catalog");

        // Browse a category, open a product, add two.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" }).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Kitchen") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kitchen", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Stoneware Coffee Mug" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stoneware Coffee Mug", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("In stock")).ToBeVisibleAsync();
        await page.GetByLabel("Quantity").FillAsync("2");
        await shop.AddToCartAsync("Stoneware Coffee Mug", expectedInCart: 2);
        await watched.ScreenshotAsync("storefront-product");

        // Search for a second product and add it from its card.
        await shop.OpenCatalogAsync();
        await shop.SearchAsync("merino");
        await shop.AddToCartAsync("Merino Wool Socks", expectedInCart: 1);
        await Expect(page.Locator("#cart-count")).ToHaveTextAsync("3");

        // The cart's totals follow every change: a destination brings shipping and tax, a quantity the subtotal.
        await shop.OpenCartAsync();
        var totals = page.GetByRole(AriaRole.Region, new() { Name = "Totals" });
        await Expect(totals).ToContainTextAsync("$46.00");
        await Expect(totals).ToContainTextAsync("set a destination");
        await page.GetByLabel("Country").SelectOptionAsync("US");
        await page.GetByLabel("State / region").FillAsync("IL");
        await page.GetByLabel("Postal code").FillAsync("62701");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update totals" }).ClickAsync();
        await Expect(totals).ToContainTextAsync("Tax (");
        await Expect(totals).ToContainTextAsync("Add $29.00 more for free shipping");
        await page.GetByLabel("Quantity of Stoneware Coffee Mug").FillAsync("3");
        await page.GetByLabel("Quantity of Stoneware Coffee Mug").PressAsync("Tab");
        await Expect(totals).ToContainTextAsync("$60.00");
        await Expect(totals).ToContainTextAsync("Add $15.00 more for free shipping");
        await watched.ScreenshotAsync("storefront-cart");
        await watched.ScreenshotAsync("readme-storefront", fullPage: false);

        var orderId = await shop.CheckoutAsync("buyer@example.com", "pm_card_visa");
        await Expect(shop.OrderStatus).ToContainTextAsync("confirmed");
        await Expect(page.Locator("[data-test=timeline]")).ToContainTextAsync("placed");
        await Expect(page.Locator("[data-test=timeline]")).ToContainTextAsync("confirmed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToBeVisibleAsync();
        await Expect(page.Locator("#cart-count")).ToHaveTextAsync("0");
        await watched.ScreenshotAsync("storefront-order-confirmed");

        // The page showed what the API holds: this order, both products.
        using var order = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri($"api/orders/{orderId}", UriKind.Relative)));
        Assert.Equal("confirmed", order.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            ["KIT-MUG-01:3", "APP-SCK-MW:1"],
            order.RootElement.GetProperty("lines").EnumerateArray().Select(l => $"{l.GetProperty("sku").GetString()}:{l.GetProperty("quantity").GetInt32()}").Order().Reverse());
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Shopper_PaysWithDeclinedCard_SeesWhyPaymentFailed()
    {
        await using var watched = await fixture.NewPageAsync(phone: true);
        var page = watched.Page;
        var shop = new Storefront(page);

        await shop.OpenCatalogAsync();
        await shop.SearchAsync("beanie");
        await shop.AddToCartAsync("Wool Beanie", expectedInCart: 1);
        await page.GotoAsync("/#/checkout");
        await watched.ScreenshotAsync("storefront-checkout-phone");
        await shop.CheckoutAsync("declined@example.com", "pm_card_chargeDeclined");

        await Expect(shop.OrderStatus).ToContainTextAsync("payment failed");
        await Expect(shop.OrderStatus).ToContainTextAsync("Your card was declined.");
        await Expect(page.GetByText("This order is finished")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        await watched.ScreenshotAsync("storefront-order-declined");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Shopper_ApprovesThreeDSecure_SeesConfirmedOrder()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        var shop = new Storefront(page);

        await shop.OpenCatalogAsync();
        await shop.SearchAsync("candle");
        await shop.AddToCartAsync("Scented Soy Candle", expectedInCart: 1);
        await shop.CheckoutAsync("secure@example.com", "pm_card_authenticationRequired");

        // The order waits for the customer's answer, as it would for the bank's 3-D Secure window.
        var approve = page.GetByRole(AriaRole.Button, new() { Name = "Approve payment" });
        await Expect(approve).ToBeVisibleAsync();
        await Expect(shop.OrderStatus).ToContainTextAsync("placed");
        await watched.ScreenshotAsync("storefront-3ds");
        await approve.ClickAsync();

        await Expect(shop.OrderStatus).ToContainTextAsync("confirmed");
        await Expect(page.GetByText("Payment approved; the order continues.")).ToBeVisibleAsync();
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Catalog_WhenTheApiIsUnreachable_SaysSoAndRecoversOnRetry()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        // The product listing fails at the network level (as with a dropped connection) until the route is lifted.
        await page.RouteAsync("**/api/products?*", route => route.AbortAsync("connectionreset"));

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Could not reach the shop");
        await watched.ScreenshotAsync("storefront-unreachable");
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Products" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Checkout_WithInvalidPostalCode_ShowsTheFieldsProblem()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        var shop = new Storefront(page);

        await shop.OpenCatalogAsync();
        await shop.SearchAsync("sticky");
        await shop.AddToCartAsync("Sticky Notes Pack", expectedInCart: 1);
        await page.GotoAsync("/#/checkout");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("typo@example.com");
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 Main St");
        await page.GetByLabel("City").FillAsync("Springfield");
        await page.GetByLabel("Postal code").FillAsync("!!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        // The API's problem+json reaches the shopper: an alert, and the message beside the field at fault.
        await Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Postal code")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#postal-error")).ToContainTextAsync("postal code");
        await Expect(page).ToHaveURLAsync(new Regex("#/checkout$"));
        watched.AssertNoProblems();
    }
}
