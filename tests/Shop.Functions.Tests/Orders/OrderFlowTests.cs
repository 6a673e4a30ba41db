using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using Shop.Orchestrations.Jobs;
using Shop.Orchestrations.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>Orders from checkout to their end state, through HTTP, on the simulated gateway and the email outbox.</summary>
public sealed class OrderFlowTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    [Fact]
    public async Task Workflow_WhoseOrderIsNotStoredYet_RetriesItsSteps_AndGoesOnOnceTheCheckoutsRetryStoresIt()
    {
        // The checkout stores the order while it starts the workflow: a process that dies between the two leaves a
        // workflow without its order, which the client's retry of the checkout stores.
        var sku = await Shop.AddProductAsync(price: 20m, stock: 5);
        var model = (await App.Services.GetRequiredService<IOrderStore>().GetAsync(await Shop.PlaceAsync(sku)))!;
        var orders = App.Services.GetRequiredService<IOrderStore>();
        var workflow = App.Services.GetRequiredService<IOrderWorkflow>();
        var durable = App.Services.GetRequiredService<DurableTaskClient>();
        var orderId = OrderIds.New(DateTimeOffset.UtcNow);
        var order = Order.Place(orderId, model.CartId, "late-order@example.com", model.ShippingAddress, model.Lines, model.Totals, model.PaymentMethod, DateTimeOffset.UtcNow);

        await workflow.StartAsync(OrderWorkflowInput.For(orderId, null, App.Services.GetRequiredService<IOptions<OrderWorkflowOptions>>().Value));
        await Eventually.TrueAsync(
            async () => (await durable.GetOrchestrationHistoryAsync(orderId)).Any(e => e.EventType == global::DurableTask.Core.History.EventType.TaskFailed),
            "a step of the workflow to fail for want of its order (and be retried)");
        await orders.CreateAsync(order);

        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Equal(2, (await Shop.StockAsync(sku)).GetProperty("held").GetInt32());
    }

    [Fact]
    public async Task StalledOrderSweep_StartsAPlacedOrderWithoutWorkflow_AndReportsOneWhoseWorkflowFailed()
    {
        var sku = await Shop.AddProductAsync(price: 20m, stock: 5);
        var orders = App.Services.GetRequiredService<IOrderStore>();
        var model = (await orders.GetAsync(await Shop.PlaceAsync(sku)))!;
        var durable = App.Services.GetRequiredService<DurableTaskClient>();
        var options = App.Services.GetRequiredService<IOptions<OrderWorkflowOptions>>().Value;
        var placedAt = DateTimeOffset.UtcNow - OrderJobs.StartGrace - TimeSpan.FromMinutes(1);
        Order Placed(string email) => Order.Place(OrderIds.New(placedAt), model.CartId, email, model.ShippingAddress, model.Lines, model.Totals, model.PaymentMethod, placedAt);

        // One checkout stopped after storing its order; another's workflow failed for want of its order, which came
        // only after the steps' retries.
        var withoutWorkflow = Placed("no-workflow@example.com");
        await orders.CreateAsync(withoutWorkflow);
        var failed = Placed("failed-workflow@example.com");
        await App.Services.GetRequiredService<IOrderWorkflow>().StartAsync(OrderWorkflowInput.For(failed.Id, null, options));
        await Eventually.TrueAsync(
            async () => (await durable.GetInstanceAsync(failed.Id))?.RuntimeStatus == OrchestrationRuntimeStatus.Failed,
            "the workflow without its order to fail after its retries");
        await orders.CreateAsync(failed);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OrderJobs>().StartStalledOrdersAsync() >= 1);
        }

        await Shop.WaitForStatusAsync(withoutWorkflow.Id, "confirmed");
        Assert.Contains("StuckOrderAlert", await Shop.EmailsAsync(failed.Id), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("placed", (await Shop.OrderAsync(failed.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HappyPath_ReachesDelivered_CapturesOnce_SellsTheStock_AndSendsEveryEmailInOrder()
    {
        var sku = await Shop.AddProductAsync(price: 20m, stock: 5);
        var orderId = await Shop.PlaceAsync(sku, quantity: 2);

        await Shop.WaitForStatusAsync(orderId, "confirmed");
        var held = await Shop.StockAsync(sku);
        Assert.Equal((5, 2, 3), (held.GetProperty("onHand").GetInt32(), held.GetProperty("held").GetInt32(), held.GetProperty("available").GetInt32()));
        // Confirmed as soon as the payment is authorized; the pick list (the next step) reaches the warehouse after.
        await Eventually.TrueAsync(
            async () => (await Shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/fulfillment?status=pending")).EnumerateArray().Any(p => p.GetProperty("orderId").GetString() == orderId),
            "the order's pick list among the pending ones");

        // The answer is the workflow's decision: the order shipped.
        var answer = await Shop.ShipAsync(orderId);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("shipped", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var shipped = await Shop.WaitForStatusAsync(orderId, "shipped");
        Assert.Equal("UPS", shipped.GetProperty("tracking").GetProperty("carrier").GetString());
        // The order ships first (the goods left); the held stock is sold right after.
        var sold = await Eventually.ValueAsync(() => Shop.StockAsync(sku), s => s.GetProperty("held").GetInt32() == 0, "the held stock to be sold");
        Assert.Equal((3, 0, 3, 2L), (sold.GetProperty("onHand").GetInt32(), sold.GetProperty("held").GetInt32(), sold.GetProperty("available").GetInt32(), sold.GetProperty("sold").GetInt64()));

        Assert.Equal(HttpStatusCode.OK, (await Shop.CarrierAsync(orderId, "out_for_delivery")).StatusCode);
        await Shop.WaitForStatusAsync(orderId, "out_for_delivery");
        Assert.Equal(HttpStatusCode.OK, (await Shop.CarrierAsync(orderId, "delivered")).StatusCode);
        var delivered = await Shop.WaitForStatusAsync(orderId, "delivered");

        Assert.Equal(["placed", "confirmed", "shipped", "out_for_delivery", "delivered"], delivered.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("step").GetString()));
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Count == 4, "four emails");
        Assert.Equal(["orderConfirmed", "shipped", "outForDelivery", "delivered"], await Shop.EmailsAsync(orderId));
        var ledger = await Shop.LedgerAsync(orderId);
        Assert.Single(ledger, e => e.Kind == "authorization");
        Assert.Single(ledger, e => e.Kind == "capture");
        await Eventually.TrueAsync(async () => (await Shop.AdminOrderAsync(orderId)).TryGetProperty("workflow", out var w) && w.GetProperty("runtimeStatus").GetString() == "Completed", "the workflow to complete");
        // The authorization ended at once: its payment event is not raised into the workflow (only the admin's
        // shipment and the carrier's two updates are).
        var history = await Shop.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{orderId}?history=true");
        Assert.Equal(
            ["shipped", "carrier", "carrier"],
            history.GetProperty("history").EnumerateArray().Where(e => e.GetProperty("eventType").GetString() == "eventRaised").Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task DeclinedCard_EndsPaymentFailed_ReleasesTheHold_AndTellsTheCustomer()
    {
        var sku = await Shop.AddProductAsync(stock: 4);
        var orderId = await Shop.PlaceAsync(sku, quantity: 3, paymentMethod: "pm_card_chargeDeclinedInsufficientFunds");

        var order = await Shop.WaitForStatusAsync(orderId, "payment_failed");

        Assert.False(string.IsNullOrEmpty(order.GetProperty("reason").GetString()));
        var stock = await Shop.StockAsync(sku);
        Assert.Equal((4, 0, 4), (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("held").GetInt32(), stock.GetProperty("available").GetInt32()));
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Contains("paymentFailed"), "the payment-failed email");
    }

    [Fact]
    public async Task PaymentThatNeedsAction_ConfirmsOnceTheCustomerCompletesIt()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");
        await Shop.WaitForStepAsync(orderId, "awaiting_payment_action");
        var waiting = await Shop.OrderAsync(orderId);
        Assert.Equal("placed", waiting.GetProperty("status").GetString());
        Assert.Contains(waiting.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "payment_action_required");
        var paymentId = (await Shop.LedgerAsync(orderId)).First().PaymentId;

        var completed = await Shop.Client.PostAsync($"/api/dev/payments/{paymentId}/complete-action?outcome=succeeded", null);

        Assert.True(completed.IsSuccessStatusCode, await completed.Content.ReadAsStringAsync());
        await Shop.WaitForStatusAsync(orderId, "confirmed");
    }

    [Fact]
    public async Task PaymentEventForAnotherPayment_ChangesNothing_AndTheOrdersOwnPaymentStillConfirmsIt()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");
        await Shop.WaitForStepAsync(orderId, "awaiting_payment_action");
        var paymentId = (await Shop.LedgerAsync(orderId)).First().PaymentId;

        // A (signed, but foreign) event that names this order and another payment, as a replayed webhook would.
        var forged = await Shop.Admin.PostAsJsonAsync(
            $"/api/admin/instances/{orderId}/events/payment",
            new { paymentId = "pi_someone_elses", outcome = "Succeeded" });
        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        await Shop.WaitForHistoryAsync(orderId, "eventRaised");
        Assert.Equal("placed", (await Shop.OrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Equal("awaiting_payment_action", await Shop.StepAsync(orderId));

        (await Shop.Client.PostAsync($"/api/dev/payments/{paymentId}/complete-action?outcome=succeeded", null)).EnsureSuccessStatusCode();
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        var ledger = await Shop.LedgerAsync(orderId);
        Assert.All(ledger, entry => Assert.Equal(paymentId, entry.PaymentId));
    }

    [Fact]
    public async Task OrderStatus_WithIfNoneMatchAndPreferWait_AnswersTheNextChange_Or304WhenNoneComes()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");
        await Shop.WaitForStepAsync(orderId, "awaiting_payment_action");
        var first = await Shop.Client.GetAsync($"/api/orders/{orderId}");
        var placed = first.Headers.ETag!.ToString();
        Assert.StartsWith("W/", placed, StringComparison.Ordinal);

        // Unchanged: 304 at once without a wait, after the wait with one; a malformed wait is ignored.
        Assert.Equal(HttpStatusCode.NotModified, (await StatusAsync(orderId, placed, prefer: null)).StatusCode);
        var unchanged = await StatusAsync(orderId, placed, "wait=1");
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(placed, unchanged.Headers.ETag!.ToString());
        Assert.Equal("wait=1", string.Join(",", unchanged.Headers.GetValues("Preference-Applied")));
        Assert.False((await StatusAsync(orderId, placed, "wait=soon")).Headers.Contains("Preference-Applied"));

        // A waiting request answers with the change it waited for: the customer completes the payment.
        var waiting = StatusAsync(orderId, placed, "wait=20");
        var paymentId = (await Shop.LedgerAsync(orderId)).First().PaymentId;
        (await Shop.Client.PostAsync($"/api/dev/payments/{paymentId}/complete-action?outcome=succeeded", null)).EnsureSuccessStatusCode();
        var changed = await waiting;

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("confirmed", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.NotEqual(placed, changed.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await StatusAsync("20261101-" + new string('0', 32), placed, "wait=1")).StatusCode);
    }

    private async Task<HttpResponseMessage> StatusAsync(string orderId, string ifNoneMatch, string? prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        return await Shop.Client.SendAsync(request);
    }

    [Fact]
    public async Task TransientPaymentFailures_AreRetried_UntilTheAuthorizationSucceeds()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_transientFailure_2");

        await Shop.WaitForStatusAsync(orderId, "confirmed");

        Assert.Single(await Shop.LedgerAsync(orderId), e => e.Kind == "authorization" && e.Outcome != "failed");
    }

    [Fact]
    public async Task OutOfStock_IsRejected_NamingTheLine_AndHoldsNothing()
    {
        var sku = await Shop.AddProductAsync(stock: 1);
        var orderId = await Shop.PlaceAsync(sku, quantity: 2);

        var order = await Shop.WaitForStatusAsync(orderId, "rejected");

        Assert.Contains(sku, order.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Shop.StockAsync(sku)).GetProperty("held").GetInt32());
        Assert.Empty(await Shop.LedgerAsync(orderId));
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Contains("orderRejected"), "the rejection email");
    }

    [Fact]
    public async Task PriceChangedSinceTheShopperSawIt_IsRejected_WithBothTotals()
    {
        var sku = await Shop.AddProductAsync(price: 20m);
        var cart = await Shop.CartWithAsync(sku, 1);
        var seen = (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/carts/{cart}")).GetProperty("totals").GetProperty("total").GetProperty("amount").GetDecimal();
        (await Shop.Admin.PutAsJsonAsync($"/api/admin/products/{sku}", new { name = "Test mug " + sku, description = "A mug", category = "Kitchen", price = 25m, currency = "USD", weightGrams = 300, imageUrls = new[] { "https://img.example.com/m.png" } })).EnsureSuccessStatusCode();

        var response = await Shop.CheckoutAsync(cart, idempotencyKey: Guid.NewGuid().ToString(), expectedTotal: seen);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        var order = await Shop.WaitForStatusAsync(orderId, "rejected");

        Assert.Contains("Prices changed", order.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Shop.LedgerAsync(orderId));
        // The stock was held while the order was validated; the rejection gave it back.
        var stock = await Shop.StockAsync(sku);
        Assert.Equal((10, 0, 10), (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("held").GetInt32(), stock.GetProperty("available").GetInt32()));
    }

    [Fact]
    public async Task UnsupportedOrMalformedDestination_IsRejected_WithTheReason()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku, address: new { name = "A", line1 = "1 St", city = "Oslo", postalCode = "0150", country = "NO" });

        var order = await Shop.WaitForStatusAsync(orderId, "rejected");

        Assert.Contains("NO", order.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FraudRule_TooManyOrdersFromOneEmail_RejectsTheExtraOrder()
    {
        var sku = await Shop.AddProductAsync(stock: 20);
        var email = $"busy-{Guid.NewGuid():N}@example.com";
        var placed = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            placed.Add(await Shop.PlaceAsync(sku, email: email));
        }

        var rejected = await Shop.WaitForStatusAsync(placed[^1], "rejected");

        Assert.Contains("Too many orders", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await Shop.WaitForStatusAsync(placed[0], "confirmed");
    }

    [Fact]
    public async Task CancelBeforeShipment_CancelsVoidsAndReleases_AndCancelAfterShipmentIsRefused()
    {
        var sku = await Shop.AddProductAsync(stock: 3);
        var first = await Shop.PlaceAsync(sku, quantity: 2);
        await Shop.WaitForStatusAsync(first, "confirmed");

        var answer = await Shop.Client.PostAsJsonAsync($"/api/orders/{first}/cancel", new { reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("cancelled", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var cancelled = await Shop.WaitForStatusAsync(first, "cancelled");
        Assert.Equal("changed my mind", cancelled.GetProperty("reason").GetString());
        await Eventually.TrueAsync(async () => (await Shop.StockAsync(sku)).GetProperty("held").GetInt32() == 0, "the hold to be released");
        await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(first)).Any(e => e.Kind == "void"), "the authorization to be voided");
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(first)).Contains("orderCancelled"), "the cancellation email");

        var second = await Shop.PlaceAsync(sku, quantity: 1);
        await Shop.WaitForStatusAsync(second, "confirmed");
        await Shop.ShipAsync(second);
        await Shop.WaitForStatusAsync(second, "shipped");
        var refused = await Shop.Client.PostAsJsonAsync($"/api/orders/{second}/cancel", new { reason = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Checkout_ReplaysTheSameKey_RefusesAnotherBodyUnderIt_AndASecondCheckoutOfTheCart()
    {
        var sku = await Shop.AddProductAsync();
        var cart = await Shop.CartWithAsync(sku, 1);

        var first = await Shop.CheckoutAsync(cart, idempotencyKey: "key-" + cart);
        var replay = await Shop.CheckoutAsync(cart, idempotencyKey: "key-" + cart);
        var otherBody = await Shop.CheckoutAsync(cart, paymentMethod: "pm_card_mastercard", idempotencyKey: "key-" + cart);
        var noKey = await Shop.CheckoutAsync(cart);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, noKey.StatusCode);
        var orderId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Single(await Shop.LedgerAsync(orderId), e => e.Kind == "authorization");
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.Client.PostAsJsonAsync($"/api/carts/{cart}/items", new { sku, quantity = 1 })).StatusCode);
    }

    [Fact]
    public async Task Checkout_WithBadInput_Gets400NamingEachField_AndPlacesNothing()
    {
        var sku = await Shop.AddProductAsync();
        var cart = await Shop.CartWithAsync(sku, 1);

        var response = await Shop.CheckoutAsync(cart, paymentMethod: "", address: new { name = "A", line1 = "", city = "X", postalCode = "62701", country = "USA" }, email: "not-an-email");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "email", "paymentMethod", "shippingAddress.line1", "shippingAddress.country" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} is named: {errors}");
        }

        Assert.Equal("open", (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/carts/{cart}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.CheckoutAsync("0123456789abcdef0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.Client.GetAsync("/api/orders/20261123-00000000000000000000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.Client.GetAsync("/api/orders/' or 1 eq 1")).StatusCode);
    }

    [Fact]
    public async Task CallsOnAnOrderWhoseWorkflowEnded_Get409SayingSo_NeverAnAcceptedThatChangesNothing()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        (await Shop.Admin.PostAsJsonAsync($"/api/admin/instances/{orderId}/terminate", new { reason = "test: the workflow ends" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(
            async () => (await Shop.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{orderId}")).GetProperty("runtimeStatus").GetString() is "terminated" or "Terminated",
            "the workflow to be terminated");

        var ship = await Shop.ShipAsync(orderId);
        var cancel = await Shop.Client.PostAsync($"/api/orders/{orderId}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, ship.StatusCode);
        Assert.Contains("not running", await ship.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("confirmed", (await Shop.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ForgedWebhooks_Get401_AndChangeNothing()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        await Shop.ShipAsync(orderId);
        await Shop.WaitForStatusAsync(orderId, "shipped");

        var unsigned = await Shop.CarrierAsync(orderId, "delivered", signatureSecret: null);
        var forged = await Shop.CarrierAsync(orderId, "delivered", signatureSecret: "guessed-secret");
        var replayed = await Shop.CarrierAsync(orderId, "delivered", signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        var stripeBody = new StringContent("""{"id":"evt_1","type":"payment_intent.payment_failed","data":{"object":{"id":"pi_1","metadata":{"order_id":"x"}}}}""", Encoding.UTF8, "application/json");
        stripeBody.Headers.Add("Stripe-Signature", "t=1,v1=0000");
        var stripe = await Shop.Client.PostAsync("/api/webhooks/stripe", stripeBody);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("replayed", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, stripe.StatusCode);
        Assert.Equal("shipped", (await Shop.OrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CarrierEvent_DeliveredTwice_IsAppliedOnce()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        await Shop.ShipAsync(orderId);
        await Shop.WaitForStatusAsync(orderId, "shipped");

        var first = await Shop.CarrierAsync(orderId, "delivered", eventId: "evt-" + orderId);
        var again = await Shop.CarrierAsync(orderId, "delivered", eventId: "evt-" + orderId);

        Assert.False((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        await Shop.WaitForStatusAsync(orderId, "delivered");
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Count(t => t == "delivered") == 1, "one delivered email");
    }
}
