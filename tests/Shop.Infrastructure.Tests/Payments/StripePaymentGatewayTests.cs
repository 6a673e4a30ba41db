using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Payments.Stripe;

using Shop.Testing.Fakes;

namespace Shop.Infrastructure.Tests.Payments;

/// <summary>The real Stripe.net client against a local fake of the Stripe API.</summary>
public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    private FakeStripeApi _stripe = null!;

    public async Task InitializeAsync() => _stripe = await FakeStripeApi.StartAsync();

    public async Task DisposeAsync() => await _stripe.DisposeAsync();

    [Fact]
    public async Task Authorize_WithAGoodCard_CreatesAConfirmedManualCapturePaymentIntent()
    {
        using var gateway = Gateway();

        var result = await gateway.AuthorizeAsync("order-1", new Money(49.99m, "EUR"), "pm_card_visa", "order-1:authorize");

        var authorized = Assert.IsType<PaymentAuthorized>(result);
        Assert.StartsWith("pi_", authorized.PaymentId);
        Assert.Equal(new Money(49.99m, "EUR"), authorized.Amount);
        Assert.Equal(["/v1/customers", "/v1/payment_intents"], _stripe.Requests.Select(r => r.Path));
        var customer = _stripe.Requests.First();
        Assert.Equal(("order-1:authorize:customer", "order-1"), (customer.Header("Idempotency-Key"), customer.Form["metadata[order_id]"]));
        var request = _stripe.Requests.Last();
        Assert.Equal("POST", request.Method);
        Assert.Equal("order-1:authorize", request.Header("Idempotency-Key"));
        Assert.Equal("4999", request.Form["amount"]);
        Assert.Equal("eur", request.Form["currency"]);
        Assert.Equal("pm_card_visa", request.Form["payment_method"]);
        Assert.Equal("true", request.Form["confirm"]);
        Assert.Equal("manual", request.Form["capture_method"]);
        Assert.Equal("off_session", request.Form["setup_future_usage"]);
        Assert.StartsWith("cus_", request.Form["customer"]);
        Assert.Equal("https://shop.example/#/orders/order-1", request.Form["return_url"]);
        Assert.Equal("order-1", request.Form["metadata[order_id]"]);
        Assert.Equal("latest_charge", request.Form["expand[0]"]);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(authorized.CaptureBefore, FakeStripeApi.CaptureBeforeFor(created - 60), FakeStripeApi.CaptureBeforeFor(created + 60));
    }

    [Fact]
    public async Task Authorize_WhenTheCardNeeds3DSecure_ReturnsTheClientSecretAndTheBanksPage()
    {
        using var gateway = Gateway();

        var result = await gateway.AuthorizeAsync("order-2", new Money(10m, "USD"), "pm_card_authenticationRequired", "order-2:authorize");

        var action = Assert.IsType<PaymentRequiresAction>(result);
        Assert.StartsWith(action.PaymentId + "_secret_", action.ClientSecret);
        Assert.Equal("redirect_to_url", action.NextActionType);
        Assert.StartsWith("https://hooks.stripe.com/3d_secure_2/", action.RedirectUrl);
    }

    [Fact]
    public async Task Reauthorize_ChargesTheSavedPaymentMethodOffSession_OnTheOrdersCustomer()
    {
        using var gateway = Gateway();
        var first = (PaymentAuthorized)await gateway.AuthorizeAsync("order-20", new Money(30m, "USD"), "pm_card_visa", "order-20:authorize:1");

        var renewed = await gateway.ReauthorizeAsync("order-20", new Money(30m, "USD"), "pm_card_visa", first.PaymentId!, "order-20:authorize:2");

        var authorized = Assert.IsType<PaymentAuthorized>(renewed);
        Assert.NotEqual(first.PaymentId, authorized.PaymentId);
        var created = _stripe.Requests.Where(r => r.Path == "/v1/payment_intents").ToList();
        Assert.Equal(2, created.Count);
        Assert.Equal("true", created[1].Form["off_session"]);
        Assert.Equal(created[0].Form["customer"], created[1].Form["customer"]);
        Assert.StartsWith("pm_", created[1].Form["payment_method"]);
        Assert.NotEqual("pm_card_visa", created[1].Form["payment_method"]);
    }

    [Fact]
    public async Task Reauthorize_OfACardThatNeedsTheShopper_IsDeclinedAsAuthenticationRequired()
    {
        using var gateway = Gateway();
        var action = (PaymentRequiresAction)await gateway.AuthorizeAsync("order-21", new Money(30m, "USD"), "pm_card_authenticationRequired", "order-21:authorize:1");
        _stripe.CompleteAction(action.PaymentId!);

        var renewed = await gateway.ReauthorizeAsync("order-21", new Money(30m, "USD"), "pm_card_authenticationRequired", action.PaymentId!, "order-21:authorize:2");

        Assert.Equal("authentication_required", Assert.IsType<PaymentDeclined>(renewed).Code);
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "card_declined", "generic_decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card")]
    public async Task Authorize_WhenTheCardIsDeclined_ReturnsDeclinedWithStripesCodes(string paymentMethod, string code, string declineCode)
    {
        using var gateway = Gateway();

        var result = await gateway.AuthorizeAsync("order-3", new Money(10m, "USD"), paymentMethod, "order-3:" + paymentMethod);

        var declined = Assert.IsType<PaymentDeclined>(result);
        Assert.Equal(code, declined.Code);
        Assert.Equal(declineCode, declined.DeclineCode);
        Assert.StartsWith("pi_", declined.PaymentId);
        Assert.False(string.IsNullOrWhiteSpace(declined.Reason));
    }

    [Theory]
    [InlineData(429, "rate_limit", PaymentErrorKind.RateLimited)]
    [InlineData(500, null, PaymentErrorKind.ProviderUnavailable)]
    [InlineData(503, null, PaymentErrorKind.ProviderUnavailable)]
    public async Task Authorize_WhenStripeIsOverloadedOrFailing_ThrowsTransient(int status, string? code, PaymentErrorKind kind)
    {
        using var gateway = Gateway();
        _stripe.FailNext(status, status == 429 ? "invalid_request_error" : "api_error", code);

        var failure = await Assert.ThrowsAsync<PaymentTransientException>(() => gateway.AuthorizeAsync("order-4", new Money(10m, "USD"), "pm_card_visa", "order-4:authorize"));

        Assert.Equal(kind, failure.Kind);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Authorize_AfterATransientFailure_RetriesWithTheSameIdempotencyKeyAndSucceeds()
    {
        using var gateway = Gateway(maxNetworkRetries: 1);
        _stripe.FailNext(500);

        var result = await gateway.AuthorizeAsync("order-5", new Money(10m, "USD"), "pm_card_visa", "order-5:authorize");

        Assert.IsType<PaymentAuthorized>(result);
        // The first request (the order's Customer) failed and was sent again with its key.
        Assert.Equal(["order-5:authorize:customer", "order-5:authorize:customer", "order-5:authorize"], _stripe.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task Authorize_WithAWrongSecretKey_ThrowsPermanentAuthenticationError()
    {
        using var gateway = Gateway(secretKey: "sk_test_wrong_key_0000");

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.AuthorizeAsync("order-6", new Money(10m, "USD"), "pm_card_visa", "order-6:authorize"));

        Assert.Equal(PaymentErrorKind.Authentication, failure.Kind);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task Authorize_WithAnUnknownPaymentMethod_ThrowsPermanentInvalidRequest()
    {
        using var gateway = Gateway();

        var failure = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.AuthorizeAsync("order-7", new Money(10m, "USD"), "pm_nonexistent", "order-7:authorize"));

        Assert.Equal(PaymentErrorKind.InvalidRequest, failure.Kind);
        Assert.Equal("resource_missing", failure.ProviderCode);
    }

    [Fact]
    public async Task Authorize_ReplayedWithTheSameKey_ReturnsTheFirstPayment_AndWithOtherParametersIsAnIdempotencyConflict()
    {
        using var gateway = Gateway();
        var first = await gateway.AuthorizeAsync("order-8", new Money(10m, "USD"), "pm_card_visa", "order-8:authorize");

        var replay = await gateway.AuthorizeAsync("order-8", new Money(10m, "USD"), "pm_card_visa", "order-8:authorize");
        var conflict = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.AuthorizeAsync("order-8", new Money(12m, "USD"), "pm_card_visa", "order-8:authorize"));

        Assert.Equal(first.PaymentId, replay.PaymentId);
        Assert.Equal(PaymentErrorKind.IdempotencyConflict, conflict.Kind);
    }

    [Fact]
    public async Task Capture_Partially_SendsTheAmountAndReturnsWhatWasCaptured()
    {
        using var gateway = Gateway();
        var authorized = (PaymentAuthorized)await gateway.AuthorizeAsync("order-9", new Money(100m, "USD"), "pm_card_visa", "order-9:authorize");

        var captured = await gateway.CaptureAsync(authorized.PaymentId!, new Money(80m, "USD"), "order-9:capture");

        Assert.Equal(new Money(80m, "USD"), captured.AmountCaptured);
        var request = _stripe.Requests.Last();
        Assert.Equal($"/v1/payment_intents/{authorized.PaymentId}/capture", request.Path);
        Assert.Equal("8000", request.Form["amount_to_capture"]);
        Assert.Equal("order-9:capture", request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Capture_InFull_CapturesTheAuthorizedAmount()
    {
        using var gateway = Gateway();
        var authorized = (PaymentAuthorized)await gateway.AuthorizeAsync("order-10", new Money(25m, "GBP"), "pm_card_visa", "order-10:authorize");

        var captured = await gateway.CaptureAsync(authorized.PaymentId!, null, "order-10:capture");

        Assert.Equal(new Money(25m, "GBP"), captured.AmountCaptured);
        Assert.False(_stripe.Requests.Last().Form.ContainsKey("amount_to_capture"));
    }

    [Fact]
    public async Task Void_CancelsThePaymentIntent_AndCapturingItAfterwardsIsPermanentlyRefused()
    {
        using var gateway = Gateway();
        var authorized = (PaymentAuthorized)await gateway.AuthorizeAsync("order-11", new Money(25m, "USD"), "pm_card_visa", "order-11:authorize");

        var voided = await gateway.VoidAsync(authorized.PaymentId!, "order-11:void");
        var capture = await Assert.ThrowsAsync<PaymentPermanentException>(() => gateway.CaptureAsync(authorized.PaymentId!, null, "order-11:capture"));

        Assert.Equal(authorized.PaymentId, voided.PaymentId);
        var cancel = _stripe.Requests.Single(r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
        Assert.Equal("order-11:void", cancel.Header("Idempotency-Key"));
        Assert.Equal("payment_intent_unexpected_state", capture.ProviderCode);
    }

    [Fact]
    public async Task Refund_CreatesARefundForThePaymentIntent()
    {
        using var gateway = Gateway();
        var authorized = (PaymentAuthorized)await gateway.AuthorizeAsync("order-12", new Money(60m, "USD"), "pm_card_visa", "order-12:authorize");
        await gateway.CaptureAsync(authorized.PaymentId!, null, "order-12:capture");

        var refund = await gateway.RefundAsync(authorized.PaymentId!, new Money(15.5m, "USD"), RefundReason.RequestedByCustomer, "order-12:refund-1");

        Assert.StartsWith("re_", refund.RefundId);
        Assert.Equal(new Money(15.5m, "USD"), refund.Amount);
        Assert.Equal("succeeded", refund.Status);
        var request = _stripe.Requests.Last();
        Assert.Equal("/v1/refunds", request.Path);
        Assert.Equal(authorized.PaymentId, request.Form["payment_intent"]);
        Assert.Equal("1550", request.Form["amount"]);
        Assert.Equal("requested_by_customer", request.Form["reason"]);
    }

    [Fact]
    public async Task EveryMutatingCall_SendsTheSecretKeyAndAnIdempotencyKey()
    {
        using var gateway = Gateway();
        var authorized = (PaymentAuthorized)await gateway.AuthorizeAsync("order-13", new Money(60m, "USD"), "pm_card_visa", "k-authorize");
        await gateway.CaptureAsync(authorized.PaymentId!, new Money(50m, "USD"), "k-capture");
        await gateway.RefundAsync(authorized.PaymentId!, new Money(5m, "USD"), RefundReason.Duplicate, "k-refund");
        var second = (PaymentAuthorized)await gateway.AuthorizeAsync("order-13b", new Money(60m, "USD"), "pm_card_visa", "k-authorize-2");
        await gateway.VoidAsync(second.PaymentId!, "k-void");

        Assert.Equal(7, _stripe.Requests.Count);
        Assert.All(_stripe.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("Bearer " + FakeStripeApi.SecretKey, r.Header("Authorization"));
            Assert.StartsWith("k-", r.Header("Idempotency-Key"));
        });
        Assert.Equal(["k-authorize:customer", "k-authorize", "k-capture", "k-refund", "k-authorize-2:customer", "k-authorize-2", "k-void"], _stripe.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task AnUnreachableStripe_IsATransientNetworkFailure()
    {
        var closedPort = _stripe.BaseAddress;
        await _stripe.DisposeAsync();
        using var gateway = Gateway(apiBase: closedPort.ToString());

        var failure = await Assert.ThrowsAsync<PaymentTransientException>(() => gateway.AuthorizeAsync("order-14", new Money(10m, "USD"), "pm_card_visa", "order-14:authorize"));

        Assert.Equal(PaymentErrorKind.Network, failure.Kind);
        _stripe = await FakeStripeApi.StartAsync();
    }

    private StripePaymentGateway Gateway(string secretKey = FakeStripeApi.SecretKey, int maxNetworkRetries = 0, string? apiBase = null) => new(
        Options.Create(new StripeOptions
        {
            SecretKey = secretKey,
            ApiBase = apiBase ?? _stripe.BaseAddress.ToString(),
            MaxNetworkRetries = maxNetworkRetries,
            RequestTimeout = TimeSpan.FromSeconds(10),
            ReturnUrl = "https://shop.example/#/orders/{orderId}",
        }),
        Options.Create(new PaymentsOptions()),
        NullLogger<StripePaymentGateway>.Instance);
}
