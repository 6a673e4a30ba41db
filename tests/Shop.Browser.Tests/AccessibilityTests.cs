using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>What a keyboard or screen-reader user depends on: every control named, dialogs that Escape closes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    /// <summary>Form controls with no accessible name (no label, no aria-label, no aria-labelledby), as "tag#id".</summary>
    private const string UnnamedControls = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
          .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby')
            && !(c.tagName === 'BUTTON' && c.textContent.trim()))
          .map((c) => `${c.tagName.toLowerCase()}#${c.id}[${c.name ?? ''}]`)
        """;

    [Fact]
    public async Task EveryFormControl_OnEveryPage_HasAName()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        var shop = new Storefront(page);
        var unnamed = new List<string>();
        async Task CheckAsync(string where) => unnamed.AddRange((await page.EvaluateAsync<string[]>(UnnamedControls)).Select(c => $"{where}: {c}"));

        await shop.OpenCatalogAsync();
        await CheckAsync("catalog");
        await shop.SearchAsync("throw");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wool Throw Blanket" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Wool Throw Blanket", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync("product");
        await shop.AddToCartAsync("Wool Throw Blanket", expectedInCart: 1);
        await shop.OpenCartAsync();
        await CheckAsync("cart");
        await page.GotoAsync("/#/checkout");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Place order" })).ToBeVisibleAsync();
        await CheckAsync("checkout");

        var ops = new OpsConsole(page);
        await page.GotoAsync("/ops");
        await Expect(page.GetByLabel("Admin key")).ToBeVisibleAsync();
        await CheckAsync("ops sign-in");
        await ops.SignInAsync(ShopApp.AdminKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Orders" })).ToBeVisibleAsync();
        await CheckAsync("ops orders");
        await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Stock by SKU" })).ToBeVisibleAsync();
        await CheckAsync("ops stock");

        Assert.True(unnamed.Count == 0, "Controls without a name: " + string.Join(", ", unnamed));
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task ConfirmationDialog_Escape_CancelsTheActionAndReturnsFocus()
    {
        var api = new ShopApi(fixture.Http);
        var orderId = await api.PlaceConfirmedOrderAsync("OFF-PEN-FT", "keyboard@example.com");
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        await new OpsConsole(page).SignInAsync(ShopApp.AdminKey);
        await page.GotoAsync($"/ops#/orders/{orderId}");

        var terminate = page.GetByRole(AriaRole.Form, new() { Name = "Terminate workflow" }).GetByRole(AriaRole.Button, new() { Name = "Terminate workflow" });
        await terminate.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Terminate workflow?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Go back" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(terminate).ToBeFocusedAsync();
        await Expect(page.GetByText("Terminate workflow: sending")).ToHaveCountAsync(0);
        Assert.Equal("Running", await api.GetWorkflowStatusAsync(orderId, ShopApp.AdminKey));
        watched.AssertNoProblems();
    }
}
