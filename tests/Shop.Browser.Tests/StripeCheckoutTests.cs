using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Shop.Testing;
using Shop.Testing.Fakes;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>
/// Checkout with Stripe as the gateway: the storefront mounts the Payment Element through Stripe.js (a stand-in here),
/// sends the PaymentMethod id it makes, and runs the bank's 3-D Secure step through Stripe.js; the API takes the payment
/// through Stripe.net against the local Stripe fake.
/// </summary>
[Collection(StripeBrowserCollection.Name)]
public sealed class StripeCheckoutTests(StripeBrowserFixture fixture)
{
    [Fact]
    public async Task Shopper_PaysWithThePaymentElement_AndTheOrderIsConfirmed()
    {
        await using var watched = await fixture.NewPageAsync();
        var shop = new Storefront(watched.Page);
        await shop.OpenCatalogAsync();
        await shop.SearchAsync("notebook");
        await shop.AddToCartAsync("Hardcover Notebook A5", expectedInCart: 1);

        var orderId = await shop.CheckoutWithPaymentElementAsync("stripe-shopper@example.com", "pm_card_visa");

        await Expect(shop.OrderStatus).ToContainTextAsync("confirmed");
        // The Payment Element was set up for an authorization only, the card saved for the capture at shipment.
        var options = JsonNode.Parse(await watched.Page.EvaluateAsync<string>("() => JSON.stringify(window.stripeElementsOptions)"))!.AsObject();
        Assert.Equal("manual", (string?)options["captureMethod"]);
        Assert.Equal("off_session", (string?)options["setupFutureUsage"]);
        Assert.Equal("usd", (string?)options["currency"]);
        var order = System.Text.Json.JsonDocument.Parse(await fixture.Http.GetStringAsync($"/api/orders/{orderId}")).RootElement;
        Assert.Equal((long)(order.GetProperty("totals").GetProperty("total").GetProperty("amount").GetDecimal() * 100), (long?)options["amount"]);
        var created = Assert.Single(fixture.Stripe.Requests, r => r.Path == "/v1/payment_intents" && r.Header("Idempotency-Key")!.StartsWith(orderId, StringComparison.Ordinal));
        Assert.Equal("pm_card_visa", created.Form["payment_method"]);
        Assert.Equal("manual", created.Form["capture_method"]);
        await watched.ScreenshotAsync("storefront-stripe-confirmed");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Shopper_WhoseBankAsksFor3DSecure_ConfirmsThroughStripeJs_AndTheOrderIsConfirmed()
    {
        await using var watched = await fixture.NewPageAsync();
        var shop = new Storefront(watched.Page);
        await shop.OpenCatalogAsync();
        await shop.SearchAsync("notebook");
        await shop.AddToCartAsync("Hardcover Notebook A5", expectedInCart: 1);

        var orderId = await shop.CheckoutWithPaymentElementAsync("stripe-3ds@example.com", "pm_card_authenticationRequired");

        await Expect(shop.OrderStatus).ToContainTextAsync("placed");
        await watched.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm your payment" }).ClickAsync();
        await Expect(watched.Page.GetByText("Done: your payment is being confirmed.")).ToBeVisibleAsync();
        var clientSecret = await watched.Page.EvaluateAsync<string>("() => window.stripeHandledNextAction");
        var intentId = clientSecret[..clientSecret.IndexOf("_secret_", StringComparison.Ordinal)];
        await watched.ScreenshotAsync("storefront-stripe-3ds");

        // The bank says yes: Stripe tells the shop through its signed webhook; the page follows without a reload.
        var completed = fixture.Stripe.CompleteAction(intentId);
        Assert.True((await SendStripeWebhookAsync("payment_intent.amount_capturable_updated", completed)).IsSuccessStatusCode);
        await Expect(shop.OrderStatus).ToContainTextAsync("confirmed");
        Assert.Contains(orderId, watched.Page.Url, StringComparison.Ordinal);
        watched.AssertNoProblems();
    }

    private async Task<HttpResponseMessage> SendStripeWebhookAsync(string type, JsonObject intent)
    {
        using var request = StripeWebhooks.SignedRequest(StripeWebhooks.Event(type, intent), StripeBrowserFixture.WebhookSecret);
        return await fixture.Http.SendAsync(request);
    }
}
