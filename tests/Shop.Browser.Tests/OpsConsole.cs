using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>What an operator does in the ops console: sign in, open an order, take an action and confirm it.</summary>
public sealed class OpsConsole(IPage page)
{
    public const string KeyStorageName = "shop.adminKey";

    public IPage Page => page;

    public async Task SignInAsync(string adminKey)
    {
        await page.GotoAsync("/ops");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the ops console" })).ToBeVisibleAsync();
        await page.GetByLabel("Admin key").FillAsync(adminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens the order from the orders list (it must be listed there).</summary>
    public async Task OpenOrderFromListAsync(string orderId)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {orderId}", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Fills the ship form, submits it and confirms in the dialog.</summary>
    public async Task ShipAsync(string carrier, string trackingNumber)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Ship" });
        await form.GetByLabel("Carrier").FillAsync(carrier);
        await form.GetByLabel("Tracking number").FillAsync(trackingNumber);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ship" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Ship?" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ship" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}
