using Shop.Testing;

namespace Shop.Conformance.Tests;

/// <summary>
/// The order workflow's scenarios, written once and run on each engine (one derived class per backend). Each compares
/// the end state, the simulated gateway's ledger and the customer's emails with explicit expectations, so the two
/// engines are held to the same outcome, not merely to each other.
/// </summary>
public abstract class OrderConformanceTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : ConformanceApp
{
    private ShopDriver Shop => app.Shop;

    [Fact]
    public async Task Order_PaidShippedAndDelivered_ReachesDeliveredWithFourEmails()
    {
        var sku = await AddProductAsync(units: 5);
        var orderId = await PlaceAsync(sku, quantity: 2, "pm_card_visa");

        await WaitForStatusAsync(orderId, "confirmed");
        await Shop.ShipAsync(orderId, "1Z" + orderId[^8..]);
        await WaitForStatusAsync(orderId, "shipped");
        await Shop.ReportCarrierStatusAsync(orderId, "out_for_delivery", ConformanceApp.SignCarrier);
        await WaitForStatusAsync(orderId, "out_for_delivery");
        await Shop.ReportCarrierStatusAsync(orderId, "delivered", ConformanceApp.SignCarrier);
        await WaitForStatusAsync(orderId, "delivered");

        await WaitForWorkflowAsync(orderId, "Completed");
        await app.AssertWorkflowRanHereAsync(orderId);
        Assert.Equal(["authorization:authorized", "capture:succeeded"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["orderconfirmed", "shipped", "outfordelivery", "delivered"], await EmailsAsync(orderId, count: 4));
        Assert.Equal(new StockFigures(OnHand: 3, Held: 0, Available: 3, Received: 5, Sold: 2), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task Order_WithDeclinedCard_EndsPaymentFailed_ReleasesTheHoldAndTellsTheCustomer()
    {
        var sku = await AddProductAsync(units: 4);
        var orderId = await PlaceAsync(sku, quantity: 3, "pm_card_chargeDeclined");

        var order = await WaitForStatusAsync(orderId, "payment_failed");

        Assert.False(string.IsNullOrWhiteSpace(order.GetProperty("reason").GetString()));
        await WaitForWorkflowAsync(orderId, "Completed");
        await app.AssertWorkflowRanHereAsync(orderId);
        // The void compensation was registered before the authorization; Stripe allows cancelling a declined intent too.
        Assert.Equal(["authorization:declined", "void:succeeded"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["paymentfailed"], await EmailsAsync(orderId, count: 1));
        Assert.Equal(new StockFigures(OnHand: 4, Held: 0, Available: 4, Received: 4, Sold: 0), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task Order_Whose3DSecureIsNeverCompleted_TimesOut_VoidsReleasesAndFailsThePayment()
    {
        var sku = await AddProductAsync(units: 2);
        var orderId = await PlaceAsync(sku, quantity: 1, "pm_card_authenticationRequired");

        var order = await WaitForStatusAsync(orderId, "payment_failed");

        Assert.Contains("not completed", order.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await WaitForWorkflowAsync(orderId, "Completed");
        await app.AssertWorkflowRanHereAsync(orderId);
        Assert.Equal(["authorization:requires_action", "void:succeeded"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["paymentfailed"], await EmailsAsync(orderId, count: 1));
        Assert.Equal(new StockFigures(OnHand: 2, Held: 0, Available: 2, Received: 2, Sold: 0), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task Order_CancelledBeforeShipment_IsCancelled_VoidsReleasesAndTellsTheCustomer()
    {
        var sku = await AddProductAsync(units: 3);
        var orderId = await PlaceAsync(sku, quantity: 2, "pm_card_visa");
        await WaitForStatusAsync(orderId, "confirmed");

        await Shop.CancelAsync(orderId, "changed my mind");
        var order = await WaitForStatusAsync(orderId, "cancelled");

        Assert.Equal("changed my mind", order.GetProperty("reason").GetString());
        await WaitForWorkflowAsync(orderId, "Completed");
        await app.AssertWorkflowRanHereAsync(orderId);
        Assert.Equal(["authorization:authorized", "void:succeeded"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["orderconfirmed", "ordercancelled"], await EmailsAsync(orderId, count: 2));
        Assert.Equal(new StockFigures(OnHand: 3, Held: 0, Available: 3, Received: 3, Sold: 0), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task Order_WhoseAuthorizationFailsTransientlyThreeTimes_IsRetriedAndConfirmed()
    {
        var sku = await AddProductAsync(units: 2);
        var orderId = await PlaceAsync(sku, quantity: 1, "pm_card_transientFailure_3");

        await WaitForStatusAsync(orderId, "confirmed");

        await app.AssertWorkflowRanHereAsync(orderId);
        Assert.Equal("Running", await Shop.GetWorkflowStatusAsync(orderId));
        Assert.Equal(["authorization:authorized"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["orderconfirmed"], await EmailsAsync(orderId, count: 1));
        Assert.Equal(new StockFigures(OnHand: 2, Held: 1, Available: 1, Received: 2, Sold: 0), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task Checkout_RetriedWithTheSameKey_AnswersTheSameOrder_AndRunsOneWorkflow()
    {
        var sku = await AddProductAsync(units: 3);
        var cart = await Shop.CreateCartAsync(sku, 1);
        var email = $"shopper-{cart[..12]}@example.com";
        var orderId = await Shop.CheckoutAsync(cart, email, "pm_card_visa");
        await WaitForStatusAsync(orderId, "confirmed");
        var started = (await Shop.GetWorkflowInstanceAsync(orderId)).GetProperty("createdAt").GetDateTimeOffset();

        // The client did not see the first answer and sends the checkout again with the same Idempotency-Key: the
        // checkout resumes the placed order and starts its workflow again, which the backend must refuse quietly.
        // (Microsoft's engine replaces a running instance unless the start lists Running among its dedupe statuses.)
        var again = await Shop.CheckoutAsync(cart, email, "pm_card_visa");

        Assert.Equal(orderId, again);
        await app.AssertWorkflowRanHereAsync(orderId);
        var instance = await Shop.GetWorkflowInstanceAsync(orderId);
        Assert.Equal(started, instance.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("running", instance.GetProperty("runtimeStatus").GetString());
        Assert.Equal(["authorization:authorized"], await Shop.GetLedgerAsync(orderId));
        Assert.Equal(["orderconfirmed"], await EmailsAsync(orderId, count: 1));
        Assert.Equal(new StockFigures(OnHand: 3, Held: 1, Available: 2, Received: 3, Sold: 0), await Shop.GetStockAsync(sku));
    }

    [Fact]
    public async Task AdminOperations_OnAWorkflowThatDoesNotExist_Answer404()
    {
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", ConformanceApp.AdminKey);
        var missing = "20261206-" + Guid.NewGuid().ToString("N");

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, ""),
            (HttpMethod.Post, "/events/Cancel"),
            (HttpMethod.Post, "/terminate"),
            (HttpMethod.Post, "/suspend"),
            (HttpMethod.Post, "/resume"),
            (HttpMethod.Delete, ""),
        })
        {
            using var request = new HttpRequestMessage(method, $"/api/admin/instances/{missing}{path}");
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await admin.SendAsync(request);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<string> AddProductAsync(int units)
    {
        var sku = "CF-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await Shop.AddProductAsync(sku, 20m, units);
        return sku;
    }

    private async Task<string> PlaceAsync(string sku, int quantity, string paymentMethod)
    {
        var cart = await Shop.CreateCartAsync(sku, quantity);
        return await Shop.CheckoutAsync(cart, $"shopper-{cart[..12]}@example.com", paymentMethod);
    }

    private async Task<System.Text.Json.JsonElement> WaitForStatusAsync(string orderId, string status)
    {
        try
        {
            return await Shop.WaitForStatusAsync(orderId, status, app.StepDeadline);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}. The order: {await Shop.GetOrderAsync(orderId)}. Its workflow: {await Shop.DescribeWorkflowAsync(orderId)}", timeout);
        }
    }

    private Task WaitForWorkflowAsync(string orderId, string runtimeStatus) =>
        Eventually.TrueAsync(async () => await Shop.GetWorkflowStatusAsync(orderId) == runtimeStatus, $"the workflow of {orderId} to be {runtimeStatus}", app.StepDeadline);

    /// <summary>The order's emails once <paramref name="count"/> are in the outbox (email is off the critical path), and a moment for a stray extra one.</summary>
    private async Task<IReadOnlyList<string>> EmailsAsync(string orderId, int count)
    {
        await Eventually.TrueAsync(async () => (await Shop.GetEmailTemplatesAsync(orderId)).Count >= count, $"{count} emails about {orderId}", app.StepDeadline);
        return await Shop.GetEmailTemplatesAsync(orderId);
    }
}
