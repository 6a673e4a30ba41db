using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Payments.Simulated;
using Shop.Infrastructure.Tests.Fakes;
using Shop.Testing;

namespace Shop.Infrastructure.Tests.Payments;

/// <summary>The simulated gateway against Azurite: Stripe's test cards, Stripe's idempotency, and a ledger that shows every movement.</summary>
public sealed class SimulatedPaymentGatewayTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Money Total = new(129.50m, "EUR");

    /// <summary>One table for the class (orders are unique per test), so the ledger's order queries scan little.</summary>
    private static readonly string TableName = "simpay" + Guid.NewGuid().ToString("N")[..12];

    private readonly RecordingPaymentEventSink _sink = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(TestPaymentMethods.Visa)]
    [InlineData(TestPaymentMethods.Mastercard)]
    public async Task Authorize_WithAGoodTestCard_HoldsTheAmountForSevenDays(string paymentMethod)
    {
        var gateway = Gateway();
        var orderId = NewOrderId();

        var result = await gateway.AuthorizeAsync(orderId, Total, paymentMethod, orderId + ":authorize");

        var authorized = Assert.IsType<PaymentAuthorized>(result);
        Assert.StartsWith("pi_sim_", authorized.PaymentId);
        Assert.Equal(Total, authorized.Amount);
        Assert.Equal(_time.GetUtcNow().AddDays(7), authorized.CaptureBefore);
        var entry = Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId));
        Assert.Equal((PaymentLedgerEntryKind.Authorization, "authorized", Total), (entry.Kind, entry.Outcome, entry.Amount));
        var raised = Assert.IsType<AmountCapturableUpdated>(Assert.Single(_sink.Events));
        Assert.Equal((authorized.PaymentId, orderId), (raised.PaymentId, raised.OrderId));
    }

    [Theory]
    [InlineData(TestPaymentMethods.ChargeDeclined, "card_declined", "generic_decline")]
    [InlineData(TestPaymentMethods.ChargeDeclinedInsufficientFunds, "card_declined", "insufficient_funds")]
    [InlineData(TestPaymentMethods.ChargeDeclinedExpiredCard, "expired_card", "expired_card")]
    public async Task Authorize_WithADecliningTestCard_DeclinesWithStripesCodes_AndHoldsNothing(string paymentMethod, string code, string declineCode)
    {
        var gateway = Gateway();
        var orderId = NewOrderId();

        var result = await gateway.AuthorizeAsync(orderId, Total, paymentMethod, orderId + ":authorize");

        var declined = Assert.IsType<PaymentDeclined>(result);
        Assert.Equal((code, declineCode), (declined.Code, declined.DeclineCode));
        var payment = Assert.Single(await gateway.Ledger.GetPaymentsForOrderAsync(orderId));
        Assert.Equal(SimulatedPaymentStatus.RequiresPaymentMethod, payment.Status);
        Assert.Equal("declined", Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId)).Outcome);
        Assert.Equal(declineCode, Assert.IsType<PaymentFailed>(Assert.Single(_sink.Events)).DeclineCode);
    }

    [Fact]
    public async Task Authorize_WithAnUnknownPaymentMethod_IsAPermanentInvalidRequest()
    {
        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => Gateway().AuthorizeAsync(NewOrderId(), Total, "pm_card_doesNotExist", "k-" + Guid.NewGuid()));

        Assert.Equal((PaymentErrorKind.InvalidRequest, "resource_missing"), (failure.Kind, failure.ProviderCode));
    }

    [Fact]
    public async Task AuthenticationRequired_ReturnsRequiresAction_ThenCompletingTheActionRaisesTheAuthorizedEvent()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();

        var action = Assert.IsType<PaymentRequiresAction>(await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.AuthenticationRequired, orderId + ":authorize"));
        Assert.Empty(_sink.Events);
        Assert.Equal("requires_action", Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId)).Outcome);
        _time.Advance(TimeSpan.FromMinutes(3));

        var completed = await gateway.CompleteActionAsync(action.PaymentId!, succeed: true);

        var capturable = Assert.IsType<AmountCapturableUpdated>(completed);
        Assert.Equal((action.PaymentId, orderId, Total), (capturable.PaymentId, capturable.OrderId, capturable.AmountCapturable));
        Assert.Equal(_time.GetUtcNow().AddDays(7), capturable.CaptureBefore);
        Assert.Equal(completed, Assert.Single(_sink.Events));
        Assert.Equal("authorized", Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId)).Outcome);
        var captured = await gateway.CaptureAsync(action.PaymentId!, null, orderId + ":capture");
        Assert.Equal(Total, captured.AmountCaptured);
    }

    [Fact]
    public async Task CompleteAction_Failed_RaisesPaymentFailed_AndARepeatRedeliversTheSameEvent()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var action = (PaymentRequiresAction)await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.AuthenticationRequired, orderId + ":authorize");

        var first = await gateway.CompleteActionAsync(action.PaymentId!, succeed: false);
        var again = await gateway.CompleteActionAsync(action.PaymentId!, succeed: false);

        var failed = Assert.IsType<PaymentFailed>(first);
        Assert.Equal("payment_intent_authentication_failure", failed.Code);
        Assert.Equal(first.EventId, again.EventId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.CompleteActionAsync(action.PaymentId!, succeed: true));
        Assert.Equal("failed", Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId)).Outcome);
    }

    [Fact]
    public async Task CompleteAction_OnAPaymentThatNeedsNoAction_IsRefused()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.CompleteActionAsync(authorized.PaymentId!));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => gateway.CompleteActionAsync("pi_sim_doesnotexist"));
    }

    [Fact]
    public async Task Authorize_ReplayedWithTheSameKey_ReturnsTheFirstResult_AndRecordsOneAuthorization()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var key = orderId + ":authorize";

        var first = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, key);
        var second = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, key);
        var fromAnotherInstance = await Gateway().AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, key);

        Assert.Equal(first, second);
        Assert.Equal(first, fromAnotherInstance);
        Assert.Single(await gateway.Ledger.GetPaymentsForOrderAsync(orderId));
        Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId));
        Assert.Single(_sink.Events);
    }

    [Fact]
    public async Task Authorize_WithAUsedKeyButOtherParameters_IsAnIdempotencyError()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.AuthorizeAsync(orderId, Total + new Money(1m, "EUR"), TestPaymentMethods.Visa, orderId + ":authorize"));

        Assert.Equal((PaymentErrorKind.IdempotencyConflict, "idempotency_error"), (failure.Kind, failure.ProviderCode));
        Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId));
    }

    [Fact]
    public async Task Authorize_RacingWithOneKey_CreatesOnePayment_AndEveryCallerGetsIt()
    {
        var orderId = NewOrderId();
        var gateways = Enumerable.Range(0, 4).Select(_ => Gateway()).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            gateways[i % gateways.Count].AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize"))));

        Assert.Single(results.Select(r => r.PaymentId).Distinct());
        Assert.Single(await gateways[0].Ledger.GetPaymentsForOrderAsync(orderId));
        Assert.Single(await gateways[0].Ledger.GetEntriesForOrderAsync(orderId));
    }

    [Fact]
    public async Task TransientFailureCard_FailsTransientlyNTimesPerKey_ThenAuthorizesOnce()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var key = orderId + ":authorize";
        var card = TestPaymentMethods.TransientFailure(3);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failure = await Assert.ThrowsAsync<PaymentTransientException>(() => gateway.AuthorizeAsync(orderId, Total, card, key));
            Assert.Equal(PaymentErrorKind.ProviderUnavailable, failure.Kind);
        }

        var result = await gateway.AuthorizeAsync(orderId, Total, card, key);
        var replay = await gateway.AuthorizeAsync(orderId, Total, card, key);

        Assert.IsType<PaymentAuthorized>(result);
        Assert.Equal(result, replay);
        Assert.Single(await gateway.Ledger.GetEntriesForOrderAsync(orderId));
        await Assert.ThrowsAsync<PaymentTransientException>(() => gateway.AuthorizeAsync(orderId, Total, card, key + "-other"));
    }

    [Fact]
    public async Task Capture_ReplayedWithItsKey_CapturesOnce_AndAnotherCaptureIsRefused()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        var first = await gateway.CaptureAsync(authorized.PaymentId!, new Money(100m, "EUR"), orderId + ":capture");
        var replay = await gateway.CaptureAsync(authorized.PaymentId!, new Money(100m, "EUR"), orderId + ":capture");
        var second = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.CaptureAsync(authorized.PaymentId!, null, orderId + ":capture-again"));

        Assert.Equal(new Money(100m, "EUR"), first.AmountCaptured);
        Assert.Equal(first, replay);
        Assert.Equal("payment_intent_unexpected_state", second.ProviderCode);
        var entries = await gateway.Ledger.GetEntriesForOrderAsync(orderId);
        Assert.Equal([PaymentLedgerEntryKind.Authorization, PaymentLedgerEntryKind.Capture], entries.Select(e => e.Kind));
        Assert.Equal(new Money(100m, "EUR"), (await gateway.Ledger.GetPaymentAsync(authorized.PaymentId!))!.AmountCaptured);
        Assert.IsType<PaymentSucceeded>(_sink.Events.Last());
    }

    [Fact]
    public async Task Capture_AfterTheCaptureWindow_IsRefused()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");
        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.CaptureAsync(authorized.PaymentId!, null, orderId + ":capture"));

        Assert.Equal("charge_expired_for_capture", failure.ProviderCode);
    }

    [Fact]
    public async Task Capture_MoreThanAuthorized_IsRefused()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.CaptureAsync(authorized.PaymentId!, Total + new Money(0.01m, "EUR"), orderId + ":capture"));

        Assert.Equal("amount_too_large", failure.ProviderCode);
    }

    [Fact]
    public async Task Void_ReleasesTheHold_AndTheVoidedPaymentCannotBeCaptured()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        await gateway.VoidAsync(authorized.PaymentId!, orderId + ":void");
        await gateway.VoidAsync(authorized.PaymentId!, orderId + ":void");
        var capture = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.CaptureAsync(authorized.PaymentId!, null, orderId + ":capture"));

        Assert.Equal("payment_intent_unexpected_state", capture.ProviderCode);
        Assert.Equal(SimulatedPaymentStatus.Canceled, (await gateway.Ledger.GetPaymentAsync(authorized.PaymentId!))!.Status);
        var entries = await gateway.Ledger.GetEntriesForOrderAsync(orderId);
        Assert.Equal([PaymentLedgerEntryKind.Authorization, PaymentLedgerEntryKind.Void], entries.Select(e => e.Kind));
        Assert.IsType<PaymentCanceled>(_sink.Events.Last());
    }

    [Fact]
    public async Task Refund_InParts_NeverReturnsMoreThanWasCaptured_AndAReplayedRefundCountsOnce()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");
        await gateway.CaptureAsync(authorized.PaymentId!, null, orderId + ":capture");

        var first = await gateway.RefundAsync(authorized.PaymentId!, new Money(29.50m, "EUR"), RefundReason.RequestedByCustomer, orderId + ":refund-1");
        var replay = await gateway.RefundAsync(authorized.PaymentId!, new Money(29.50m, "EUR"), RefundReason.RequestedByCustomer, orderId + ":refund-1");
        var second = await gateway.RefundAsync(authorized.PaymentId!, new Money(100m, "EUR"), RefundReason.RequestedByCustomer, orderId + ":refund-2");
        var tooMuch = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.RefundAsync(authorized.PaymentId!, new Money(0.01m, "EUR"), RefundReason.RequestedByCustomer, orderId + ":refund-3"));

        Assert.Equal(first, replay);
        Assert.StartsWith("re_sim_", second.RefundId);
        Assert.Equal("amount_too_large", tooMuch.ProviderCode);
        var payment = (await gateway.Ledger.GetPaymentAsync(authorized.PaymentId!))!;
        Assert.Equal(Total, payment.AmountRefunded);
        var refunds = (await gateway.Ledger.GetEntriesForOrderAsync(orderId)).Where(e => e.Kind == PaymentLedgerEntryKind.Refund).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Equal(Total, refunds.Aggregate(Money.Zero("EUR"), (sum, e) => sum + e.Amount));
        var refunded = Assert.IsType<ChargeRefunded>(_sink.Events.Last());
        Assert.Equal(Total, refunded.AmountRefunded);
    }

    [Fact]
    public async Task Refund_OfAnUncapturedPayment_IsRefused()
    {
        var gateway = Gateway();
        var orderId = NewOrderId();
        var authorized = await gateway.AuthorizeAsync(orderId, Total, TestPaymentMethods.Visa, orderId + ":authorize");

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.RefundAsync(authorized.PaymentId!, Total, RefundReason.Duplicate, orderId + ":refund"));

        Assert.Equal("charge_not_refundable", failure.ProviderCode);
    }

    private static string NewOrderId() => "order-" + Guid.NewGuid().ToString("N");

    private SimulatedPaymentGateway Gateway()
    {
        var options = Options.Create(new PaymentsOptions { LedgerTable = TableName });
        var ledger = new SimulatedPaymentLedger(TestStorage.Factory(azurite.ConnectionString), options);
        return new SimulatedPaymentGateway(
            ledger,
            new PaymentEventDispatcher([_sink], NullLogger<PaymentEventDispatcher>.Instance),
            options,
            _time,
            NullLogger<SimulatedPaymentGateway>.Instance);
    }
}
