namespace Shop.Functions.Tests.Orders;

/// <summary>With the default number of attempts, a provider outage delays an order; it does not fail it.</summary>
public sealed class OutageTests(DefaultRetriesOrderAppFactory app) : OrderTests<DefaultRetriesOrderAppFactory>(app)
{
    [Fact]
    public async Task PaymentProviderDownForADozenAttempts_TheOrderIsConfirmedOnceItAnswers()
    {
        var sku = await Shop.AddProductAsync();

        // The provider answers 503 to the first 12 authorization attempts (5 attempts used to fail the order).
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_transientFailure_12");

        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Single(await Shop.LedgerAsync(orderId), e => e.Kind == "authorization" && e.Outcome != "failed");
    }
}
