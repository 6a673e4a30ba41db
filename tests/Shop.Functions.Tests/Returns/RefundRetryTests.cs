using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shop.Infrastructure.Payments.Simulated;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>A refund whose gateway call fails transiently after the money moved: the step's retry ends with exactly one refund.</summary>
public sealed class RefundRetryTests(LostRefundResponseAppFactory app) : ReturnTests<LostRefundResponseAppFactory>(app)
{
    [Fact]
    public async Task RefundWhoseAnswerIsLost_IsRetriedWithTheSameKey_AndTheLedgerHoldsOneRefund()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 20m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "no_longer_needed", (sku, 1))).GetProperty("returnId").GetString()!;
        await Shop.WaitForReturnStatusAsync(returnId, "awaiting_parcel");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ParcelReceivedAsync(returnId)).StatusCode);
        await Shop.WaitForReturnStatusAsync(returnId, "received");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(returnId, "inspect", new { lines = new[] { new { sku, disposition = "restock" } } })).StatusCode);

        var closed = await Shop.WaitForReturnStatusAsync(returnId, "closed");

        Assert.True(App.RefundCalls[$"{returnId}:refund"] >= 2, "the refund step was retried after the lost answer");
        // The simulated gateway's ledger (read directly: the dev endpoint shows it only while it is the app's gateway).
        var refunds = (await App.Services.GetRequiredService<SimulatedPaymentLedger>().GetEntriesForOrderAsync(orderId)).Where(e => e.Kind == PaymentLedgerEntryKind.Refund).ToList();
        Assert.Equal([21.25m], refunds.Select(e => e.Amount.Amount));
        Assert.Equal(21.25m, closed.GetProperty("refund").GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Single(await Shop.Orders.EmailsAsync(orderId), t => t == "refundIssued");
    }
}
