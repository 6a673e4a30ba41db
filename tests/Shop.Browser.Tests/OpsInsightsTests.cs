using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>Ops runs the restock check and rolls up the week from the console, and reads the report and the charts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpsInsightsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Ops_RunsTheRestockCheck_AndRollsUpTheWeek_SeeingTheReportAndCharts()
    {
        var api = new ShopApi(fixture.Http);
        await api.PlaceConfirmedOrderAsync("KIT-BRD-01", "insights@example.com");
        await using var opsPage = await fixture.NewPageAsync();
        var page = opsPage.Page;
        var ops = new OpsConsole(page);
        await ops.SignInAsync(ShopApp.AdminKey);

        await page.GetByRole(AriaRole.Link, new() { Name = "Restock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Restock", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the check now" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Run the restock check?" }).GetByRole(AriaRole.Button, new() { Name = "Run the check" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("SKU checks queued");

        // The demo catalog's SKUs have stock and no sale in 90 days: slow movers, once the queued checks have run.
        await api.WaitForSlowMoverAsync("OUT-HMK-01", ShopApp.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Restock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Slow movers" }).Locator("tr[data-sku='OUT-HMK-01']")).ToContainTextAsync("never");
        await opsPage.ScreenshotAsync("ops-restock");

        await page.GetByRole(AriaRole.Link, new() { Name = "Weekly metrics" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll up this week so far" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Roll up this week?" }).GetByRole(AriaRole.Button, new() { Name = "Roll up" }).ClickAsync();
        var figures = page.GetByRole(AriaRole.Table, new() { Name = "Weekly figures" });
        await Expect(figures.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Orders (bars) and revenue (line) per week" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Orders (bars) and revenue (line) per week" }).Locator("rect.bar")).ToHaveCountAsync(1);
        await opsPage.ScreenshotAsync("ops-metrics");

        opsPage.AssertNoProblems();
    }
}
