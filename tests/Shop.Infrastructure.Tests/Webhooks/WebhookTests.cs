using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Webhooks;
using Shop.Testing;

namespace Shop.Infrastructure.Tests.Webhooks;

public sealed class WebhookTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventId":"evt_1","orderId":"o","status":"delivered"}""");

    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Signature_FromTheSharedSecret_IsValid() =>
        Assert.Equal(WebhookSignatureCheck.Valid, WebhookSignature.Verify(Body, WebhookSignature.Sign(Body, "s3cret", Now), "s3cret", Now.AddSeconds(30), Tolerance));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("t=1764997200")]
    [InlineData("t=1764997200,sha256=zz")]
    [InlineData("t=soon,sha256=00")]
    [InlineData("md5=abc")]
    public void Signature_MissingOrMalformed_IsRefused(string? header) =>
        Assert.Equal(WebhookSignatureCheck.Invalid, WebhookSignature.Verify(Body, header, "s3cret", Now, Tolerance));

    [Fact]
    public void Signature_WithAnotherSecret_ATamperedBody_OrAnAlteredTimestamp_IsRefused()
    {
        Assert.Equal(WebhookSignatureCheck.Invalid, WebhookSignature.Verify(Body, WebhookSignature.Sign(Body, "guess", Now), "s3cret", Now, Tolerance));

        var genuine = WebhookSignature.Sign(Body, "s3cret", Now);
        var tampered = Encoding.UTF8.GetBytes("""{"eventId":"evt_1","orderId":"o","status":"delivered "}""");
        Assert.Equal(WebhookSignatureCheck.Invalid, WebhookSignature.Verify(tampered, genuine, "s3cret", Now, Tolerance));

        // Moving an old delivery's timestamp forward breaks its signature.
        var old = WebhookSignature.Sign(Body, "s3cret", Now.AddHours(-1));
        var retimed = $"t={Now.ToUnixTimeSeconds()}," + old[(old.IndexOf(',', StringComparison.Ordinal) + 1)..];
        Assert.Equal(WebhookSignatureCheck.Invalid, WebhookSignature.Verify(Body, retimed, "s3cret", Now, Tolerance));
    }

    [Fact]
    public void Signature_OlderOrFurtherAheadThanTheTolerance_IsAReplay()
    {
        Assert.Equal(WebhookSignatureCheck.Expired, WebhookSignature.Verify(Body, WebhookSignature.Sign(Body, "s3cret", Now.AddMinutes(-6)), "s3cret", Now, Tolerance));
        Assert.Equal(WebhookSignatureCheck.Expired, WebhookSignature.Verify(Body, WebhookSignature.Sign(Body, "s3cret", Now.AddMinutes(6)), "s3cret", Now, Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/carrier-webhook-secret/)")]
    public void Signature_WhenNoUsableSecretIsConfigured_IsAlwaysRefused(string? secret) =>
        Assert.Equal(
            WebhookSignatureCheck.NoSecret,
            WebhookSignature.Verify(Body, WebhookSignature.Sign(Body, secret is { Length: > 0 } s ? s : "x", Now), secret, Now, Tolerance));

    [Fact]
    public async Task Ledger_RecordsAnEventOnce_EvenUnderConcurrentDeliveries()
    {
        var ledger = NewLedger();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.TryRecordAsync("carrier", "evt_42' or '1'='1")));

        Assert.Equal(1, results.Count(r => r));
        Assert.True(await ledger.TryRecordAsync("stripe", "evt_42' or '1'='1"), "another source has its own ids");
    }

    [Fact]
    public async Task Ledger_KnowsAnEventOnlyOnceItIsRecorded()
    {
        var ledger = NewLedger();
        Assert.False(await ledger.IsRecordedAsync("carrier", "evt_7"));

        Assert.True(await ledger.TryRecordAsync("carrier", "evt_7"));

        Assert.True(await ledger.IsRecordedAsync("carrier", "evt_7"));
        Assert.False(await ledger.IsRecordedAsync("stripe", "evt_7"));
    }

    private WebhookEventLedger NewLedger()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        return new WebhookEventLedger(
            new StorageClientFactory(configuration, Options.Create(new StorageClientOptions())),
            Options.Create(new WebhookOptions { EventsTable = AzuriteFixture.UniqueName("hooks") }));
    }
}
