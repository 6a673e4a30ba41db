using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Payments.Stripe;

namespace Shop.Infrastructure.Tests.Payments;

/// <summary>Stripe webhooks through Stripe.net's signature verification, signed here as Stripe signs them.</summary>
public sealed class StripeWebhookParserTests
{
    private const string Secret = "whsec_test_shop_0123456789abcdef";

    private readonly StripeWebhookParser _parser = new(
        Options.Create(new StripeOptions { WebhookSecret = Secret, WebhookToleranceSeconds = 300 }),
        TimeProvider.System,
        NullLogger<StripeWebhookParser>.Instance);

    [Fact]
    public void Parse_WhenTheSecretIsAnUnresolvedKeyVaultReference_RefusesEvenAnEventSignedWithThatText()
    {
        const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/stripe-webhook-secret/)";
        var parser = new StripeWebhookParser(
            Options.Create(new StripeOptions { WebhookSecret = Reference, WebhookToleranceSeconds = 300 }),
            TimeProvider.System,
            NullLogger<StripeWebhookParser>.Instance);
        var payload = Event("evt_kv", "payment_intent.succeeded", Intent("pi_1", "succeeded", amountReceived: 100));

        var refused = Assert.Throws<PaymentWebhookSignatureException>(() => parser.Parse(payload, Sign(payload, Reference, Now())));
        Assert.Contains("Key Vault", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ASignedPaymentSucceededEvent_ReturnsTheTypedEvent()
    {
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1", "succeeded", amountReceived: 4999));

        var parsed = _parser.Parse(payload, Sign(payload, Secret, Now()));

        var succeeded = Assert.IsType<PaymentSucceeded>(parsed);
        Assert.Equal("evt_1", succeeded.EventId);
        Assert.Equal("pi_1", succeeded.PaymentId);
        Assert.Equal("order-42", succeeded.OrderId);
        Assert.Equal(new Money(49.99m, "USD"), succeeded.AmountReceived);
    }

    [Fact]
    public void Parse_EachEventTheShopActsOn_MapsToItsType()
    {
        var failedIntent = Intent("pi_2", "requires_payment_method");
        failedIntent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["message"] = "Your card has insufficient funds." };
        var canceledIntent = Intent("pi_3", "canceled");
        canceledIntent["cancellation_reason"] = "abandoned";
        var charge = new JsonObject
        {
            ["id"] = "ch_4",
            ["object"] = "charge",
            ["amount"] = 4999,
            ["amount_captured"] = 4999,
            ["amount_refunded"] = 1000,
            ["currency"] = "usd",
            ["payment_intent"] = "pi_4",
            ["refunded"] = false,
            ["metadata"] = new JsonObject { ["order_id"] = "order-42" },
            ["created"] = Now(),
        };

        var failed = Assert.IsType<PaymentFailed>(ParseSigned("payment_intent.payment_failed", failedIntent));
        var capturable = Assert.IsType<AmountCapturableUpdated>(ParseSigned("payment_intent.amount_capturable_updated", Intent("pi_5", "requires_capture", amountCapturable: 4999)));
        var canceled = Assert.IsType<PaymentCanceled>(ParseSigned("payment_intent.canceled", canceledIntent));
        var refunded = Assert.IsType<ChargeRefunded>(ParseSigned("charge.refunded", charge));

        Assert.Equal(("card_declined", "insufficient_funds"), (failed.Code, failed.DeclineCode));
        Assert.Equal(new Money(49.99m, "USD"), capturable.AmountCapturable);
        Assert.Equal("abandoned", canceled.CancellationReason);
        Assert.Equal(("pi_4", new Money(10m, "USD"), new Money(49.99m, "USD")), (refunded.PaymentId, refunded.AmountRefunded, refunded.AmountCaptured));
        Assert.All(new PaymentEvent[] { failed, capturable, canceled, refunded }, e => Assert.Equal("order-42", e.OrderId));
    }

    [Fact]
    public void Parse_AVerifiedEventTheShopIgnores_ReturnsNull()
    {
        Assert.Null(ParseSigned("payment_intent.created", Intent("pi_6", "requires_payment_method")));
    }

    [Fact]
    public void Parse_WithASignatureFromAnotherSecret_IsRejected()
    {
        var payload = Event("evt_7", "payment_intent.succeeded", Intent("pi_7", "succeeded", amountReceived: 100));

        Assert.Throws<PaymentWebhookSignatureException>(() => _parser.Parse(payload, Sign(payload, "whsec_forged_by_someone_else", Now())));
    }

    [Fact]
    public void Parse_WithAStaleSignature_IsRejected()
    {
        var payload = Event("evt_8", "payment_intent.succeeded", Intent("pi_8", "succeeded", amountReceived: 100));

        Assert.Throws<PaymentWebhookSignatureException>(() => _parser.Parse(payload, Sign(payload, Secret, Now() - 301)));
    }

    [Fact]
    public void Parse_WhenTheBodyWasTamperedWithAfterSigning_IsRejected()
    {
        var payload = Event("evt_9", "payment_intent.succeeded", Intent("pi_9", "succeeded", amountReceived: 100));
        var signature = Sign(payload, Secret, Now());
        var tampered = payload.Replace("\"amount_received\":100", "\"amount_received\":1", StringComparison.Ordinal);

        Assert.NotEqual(payload, tampered);
        Assert.Throws<PaymentWebhookSignatureException>(() => _parser.Parse(tampered, signature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=123,v0=abc")]
    public void Parse_WithoutAUsableSignatureHeader_IsRejected(string? header)
    {
        var payload = Event("evt_10", "payment_intent.succeeded", Intent("pi_10", "succeeded", amountReceived: 100));

        Assert.Throws<PaymentWebhookSignatureException>(() => _parser.Parse(payload, header));
    }

    [Fact]
    public void Parse_WhenNoWebhookSecretIsConfigured_RejectsEverything()
    {
        var parser = new StripeWebhookParser(Options.Create(new StripeOptions()), TimeProvider.System, NullLogger<StripeWebhookParser>.Instance);
        var payload = Event("evt_11", "payment_intent.succeeded", Intent("pi_11", "succeeded", amountReceived: 100));

        Assert.Throws<PaymentWebhookSignatureException>(() => parser.Parse(payload, Sign(payload, Secret, Now())));
    }

    private PaymentEvent? ParseSigned(string type, JsonObject data)
    {
        var payload = Event("evt_" + Guid.NewGuid().ToString("N")[..12], type, data);
        return _parser.Parse(payload, Sign(payload, Secret, Now()));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Stripe's scheme: <c>t={timestamp},v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>.</summary>
    private static string Sign(string payload, string secret, long timestamp)
    {
        var signed = timestamp.ToString(CultureInfo.InvariantCulture) + "." + payload;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string Event(string id, string type, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = "2024-06-20",
        ["created"] = Now(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = "req_1", ["idempotency_key"] = "order-42:authorize" },
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();

    private static JsonObject Intent(string id, string status, long amountReceived = 0, long amountCapturable = 0) => new()
    {
        ["id"] = id,
        ["object"] = "payment_intent",
        ["amount"] = 4999,
        ["amount_capturable"] = amountCapturable,
        ["amount_received"] = amountReceived,
        ["capture_method"] = "manual",
        ["currency"] = "usd",
        ["created"] = Now(),
        ["livemode"] = false,
        ["metadata"] = new JsonObject { ["order_id"] = "order-42" },
        ["status"] = status,
    };
}
