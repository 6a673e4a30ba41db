using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Testing;
using Shop.Testing.Fakes;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// 3-D Secure with Stripe (the real Stripe SDK against the local Stripe fake): the order tells the storefront how to
/// let the shopper authenticate, Stripe's signed webhook completes it, and a re-authorization before the capture
/// deadline is made off-session on the payment method saved at checkout.
/// </summary>
public sealed class StripeThreeDSecureTests(ShortStripeAuthorizationOrderAppFactory app) : OrderTests<ShortStripeAuthorizationOrderAppFactory>(app)
{
    [Fact]
    public async Task CardThatAsksFor3DSecure_TheOrderCarriesTheClientSecretAndBankPage_AndTheSignedWebhookConfirmsIt()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");

        var waiting = await Eventually.ValueAsync(() => Shop.OrderAsync(orderId), o => o.TryGetProperty("paymentAction", out _), "the order to ask for the shopper's authentication");
        var action = waiting.GetProperty("paymentAction");
        var paymentIntent = action.GetProperty("clientSecret").GetString()!.Split("_secret_")[0];
        Assert.Equal("placed", waiting.GetProperty("status").GetString());
        Assert.Equal("redirect_to_url", action.GetProperty("type").GetString());
        Assert.StartsWith("https://hooks.stripe.com/3d_secure_2/", action.GetProperty("redirectUrl").GetString());

        // The shopper authenticates with their bank; Stripe tells the shop through its signed webhook.
        var completed = App.Stripe.CompleteAction(paymentIntent);
        var delivered = await StripeWebhookAsync("payment_intent.amount_capturable_updated", completed);

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var confirmed = await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.False(confirmed.TryGetProperty("paymentAction", out _));
        Assert.Equal(paymentIntent, (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString());
    }

    [Fact]
    public async Task AuthorizationAboutToLapse_IsReplacedOffSession_OnTheCustomerSavedAtCheckout()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        var first = (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString()!;

        // The factory's capture window is 8 s with a 4 s margin: the workflow re-authorizes before it lapses.
        var renewed = await Eventually.ValueAsync(
            async () => (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString(),
            id => id != first,
            "the order to stand on a new authorization");

        var creates = App.Stripe.Requests.Where(r => r.Path == "/v1/payment_intents" && r.Header("Idempotency-Key")!.StartsWith(orderId, StringComparison.Ordinal)).ToList();
        Assert.Equal("off_session", creates[0].Form["setup_future_usage"]);
        var offSession = creates.Single(r => r.Form.GetValueOrDefault("off_session") == "true");
        Assert.Equal(creates[0].Form["customer"], offSession.Form["customer"]);
        Assert.StartsWith("pi_", renewed);
        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);
        await Eventually.TrueAsync(
            () => App.Stripe.Requests.Any(r => r.Path == $"/v1/payment_intents/{renewed}/capture"),
            "the new authorization to be captured");
    }

    private async Task<HttpResponseMessage> StripeWebhookAsync(string type, JsonObject intent)
    {
        using var request = StripeWebhooks.SignedRequest(StripeWebhooks.Event(type, intent), "whsec_test");
        return await Shop.Client.SendAsync(request);
    }
}
