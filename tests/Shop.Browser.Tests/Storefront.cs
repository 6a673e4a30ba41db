using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>What a shopper does on the storefront, step by step, as a person would: by labels, roles and visible text.</summary>
public sealed partial class Storefront(IPage page)
{
    public IPage Page => page;

    public ILocator OrderStatus => page.Locator("[data-test=order-status]");

    public async Task OpenCatalogAsync()
    {
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalog", Level = 1 })).ToBeVisibleAsync();
    }

    public async Task SearchAsync(string text)
    {
        await page.GetByLabel("Search products").FillAsync(text);
        await page.GetByLabel("Search products").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Search: {text}", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Clicks the product's "Add to cart" (on a card or its page) and waits for the confirmation.</summary>
    public async Task AddToCartAsync(string productName, int expectedInCart)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add {productName} to cart" }).ClickAsync();
        await Expect(page.GetByText($"Added. {expectedInCart} in cart.")).ToBeVisibleAsync();
    }

    public async Task OpenCartAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { NameRegex = CartLinkName() }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your cart", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Fills the checkout form, picks the test card, places the order and returns its id from the order page's address.</summary>
    public async Task<string> CheckoutAsync(string email, string paymentMethod)
    {
        await page.GotoAsync("/#/checkout");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 Main St");
        await page.GetByLabel("City").FillAsync("Springfield");
        await page.GetByLabel("State / region").FillAsync("IL");
        await page.GetByLabel("Postal code").FillAsync("62701");
        await page.GetByLabel("Country").SelectOptionAsync("US");
        // The test cards are radio buttons labelled with what they do and their payment method id.
        await page.Locator($"input[type=radio][name=paymentMethod][value='{paymentMethod}']").CheckAsync();
        return await PlaceOrderAsync();
    }

    /// <summary>Checkout with Stripe: the address as above, the card picked in the (stand-in) Payment Element.</summary>
    public async Task<string> CheckoutWithPaymentElementAsync(string email, string paymentMethod)
    {
        await page.GotoAsync("/#/checkout");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 Main St");
        await page.GetByLabel("City").FillAsync("Springfield");
        await page.GetByLabel("State / region").FillAsync("IL");
        await page.GetByLabel("Postal code").FillAsync("62701");
        await page.GetByLabel("Country").SelectOptionAsync("US");
        await page.Locator("[data-test=payment-element]").GetByLabel("Card (Stripe test payment method)").SelectOptionAsync(paymentMethod);
        return await PlaceOrderAsync();
    }

    public async Task<string> PlaceOrderAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OrderUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, NameRegex = OrderHeading() })).ToBeVisibleAsync();
        return Uri.UnescapeDataString(OrderUrl().Match(page.Url).Groups["id"].Value);
    }

    [GeneratedRegex(@"^Cart, \d+ items?$")]
    private static partial Regex CartLinkName();

    [GeneratedRegex(@"#/orders/(?<id>[^/?#]+)$")]
    private static partial Regex OrderUrl();

    [GeneratedRegex(@"^Order ")]
    private static partial Regex OrderHeading();
}
