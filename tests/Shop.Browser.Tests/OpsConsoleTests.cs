using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>An operator in the ops console, with a shopper watching the same order on the storefront.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpsConsoleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Ops_ShipsOrder_StorefrontShowsShippedWithoutReload()
    {
        // The shopper buys and stays on the order page.
        await using var shopperPage = await fixture.NewPageAsync();
        var shop = new Storefront(shopperPage.Page);
        await shop.OpenCatalogAsync();
        await shop.SearchAsync("headlamp");
        await shop.AddToCartAsync("LED Headlamp", expectedInCart: 1);
        var orderId = await shop.CheckoutAsync("watcher@example.com", "pm_card_visa");
        await Expect(shop.OrderStatus).ToContainTextAsync("confirmed");
        // A mark on this document: a reload or a navigation would drop it.
        await shop.Page.EvaluateAsync("() => { window.notReloaded = 'still the same document'; }");

        // Ops, in another browser context, ships it.
        await using var opsPage = await fixture.NewPageAsync();
        var ops = new OpsConsole(opsPage.Page);
        await ops.SignInAsync(ShopApp.AdminKey);
        await Expect(opsPage.Page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        await Expect(opsPage.Page.Locator($"tr[data-order='{orderId}']")).ToContainTextAsync("confirmed");
        await Expect(opsPage.Page.Locator($"tr[data-order='{orderId}']")).ToContainTextAsync("waiting for");
        await opsPage.ScreenshotAsync("ops-orders");
        await opsPage.ScreenshotAsync("readme-ops", fullPage: false);
        await ops.OpenOrderFromListAsync(orderId);
        await opsPage.ScreenshotAsync("ops-order");
        await ops.ShipAsync("UPS", "1Z999AA10123456784");
        // The page says the shipment was done, until following the order re-renders it as shipped (which may come first).
        await Expect(opsPage.Page.GetByText("Ship: done").Or(opsPage.Page.GetByText("Status: shipped")).First).ToBeVisibleAsync();
        await Expect(opsPage.Page.Locator("[data-test=ops-order-status]")).ToContainTextAsync("shipped");

        // The shopper's page follows the order by itself.
        await Expect(shop.OrderStatus).ToContainTextAsync("shipped");
        await Expect(shop.Page.GetByRole(AriaRole.Link, new() { Name = "Track the parcel" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("1Z999AA10123456784"));
        await Expect(shop.Page.Locator("[data-test=timeline]")).ToContainTextAsync("shipped");
        await Expect(shop.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        Assert.Equal("still the same document", await shop.Page.EvaluateAsync<string>("() => window.notReloaded"));
        await shopperPage.ScreenshotAsync("storefront-order-shipped");

        // Ops reads the order's durable history and its emails.
        await opsPage.Page.GetByRole(AriaRole.Button, new() { Name = "Show durable history" }).ClickAsync();
        await Expect(opsPage.Page.GetByRole(AriaRole.Table, new() { Name = "History events" })).ToContainTextAsync("execution started");
        await opsPage.ScreenshotAsync("ops-history");
        await opsPage.Page.GetByRole(AriaRole.Link, new() { Name = "Emails of this order" }).ClickAsync();
        await Expect(opsPage.Page.GetByRole(AriaRole.Table, new() { Name = "Outbox messages" })).ToContainTextAsync("order confirmed");
        await opsPage.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "order confirmed" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(opsPage.Page.Locator("pre")).ToContainTextAsync(orderId);
        await opsPage.ScreenshotAsync("ops-outbox");

        shopperPage.AssertNoProblems();
        opsPage.AssertNoProblems();
    }

    [Fact]
    public async Task Ops_ShipWithoutAdminKey_IsRefusedAndOrderStaysConfirmed()
    {
        var api = new ShopApi(fixture.Http);
        var orderId = await api.PlaceConfirmedOrderAsync("OFF-NTB-A5", "refused@example.com");
        await using var opsPage = await fixture.NewPageAsync();
        var ops = new OpsConsole(opsPage.Page);
        await ops.SignInAsync(ShopApp.AdminKey);
        await opsPage.Page.GotoAsync($"/ops#/orders/{orderId}");
        await Expect(opsPage.Page.GetByRole(AriaRole.Heading, new() { Name = $"Order {orderId}", Level = 1 })).ToBeVisibleAsync();

        // The key is gone from this tab (its session ended): the page sends the action without one.
        await opsPage.Page.EvaluateAsync($"() => sessionStorage.removeItem('{OpsConsole.KeyStorageName}')");
        await ops.ShipAsync("UPS", "1ZREFUSED");

        await Expect(opsPage.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the ops console" })).ToBeVisibleAsync();
        await Expect(opsPage.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("HTTP 401");
        await opsPage.ScreenshotAsync("ops-refused");
        Assert.Equal("confirmed", await api.GetOrderStatusAsync(orderId));
        opsPage.AssertNoProblems();
    }

    [Fact]
    public async Task Ops_OrdersList_ShowsAStoppedWorkflowFirst()
    {
        var api = new ShopApi(fixture.Http);
        var stopped = await api.PlaceConfirmedOrderAsync("HOM-TWL-CT", "stopped@example.com");
        await api.TerminateWorkflowAsync(stopped, ShopApp.AdminKey);
        await api.PlaceConfirmedOrderAsync("HOM-TWL-CT", "newer@example.com");

        await using var opsPage = await fixture.NewPageAsync();
        await new OpsConsole(opsPage.Page).SignInAsync(ShopApp.AdminKey);

        // Newest first, except what needs a look: the stopped workflow leads although a newer order exists.
        var firstRow = opsPage.Page.GetByRole(AriaRole.Table, new() { Name = "Orders" }).Locator("tbody tr").First;
        await Expect(firstRow).ToHaveAttributeAsync("data-order", stopped);
        await Expect(firstRow).ToContainTextAsync("workflow terminated");
        opsPage.AssertNoProblems();
    }

    [Fact]
    public async Task Ops_SignInWithWrongKey_IsRefusedAndKeepsNothing()
    {
        await using var opsPage = await fixture.NewPageAsync(phone: true);
        var ops = new OpsConsole(opsPage.Page);
        await ops.SignInAsync("not-the-admin-key");

        await Expect(opsPage.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not signed in.");
        await Expect(opsPage.Page.GetByLabel("Admin key")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await opsPage.Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{OpsConsole.KeyStorageName}')"));
        Assert.DoesNotContain("not-the-admin-key", opsPage.Page.Url, StringComparison.Ordinal);
        await opsPage.ScreenshotAsync("ops-sign-in-refused-phone");
        opsPage.AssertNoProblems();
    }

    [Fact]
    public async Task Ops_ReceivesStock_SeesAvailableGrow()
    {
        await using var opsPage = await fixture.NewPageAsync();
        var page = opsPage.Page;
        await new OpsConsole(page).SignInAsync(ShopApp.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
        var row = page.Locator("tr[data-sku='OUT-POL-02']");
        await Expect(row).ToContainTextAsync("reorder now");
        var before = int.Parse(await row.Locator("td").Nth(4).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await opsPage.ScreenshotAsync("ops-stock");

        await row.GetByLabel("Units of OUT-POL-02 received").FillAsync("10");
        await row.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Receive stock?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();

        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync((before + 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByText("OUT-POL-02: 10 received")).ToBeVisibleAsync();
        opsPage.AssertNoProblems();
    }
}
