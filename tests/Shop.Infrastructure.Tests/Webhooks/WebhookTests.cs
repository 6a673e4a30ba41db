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

    [Fact]
    public void Signature_FromTheSharedSecret_IsValid() =>
        Assert.True(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, "s3cret"), "s3cret"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=abc")]
    public void Signature_MissingOrMalformed_IsRefused(string? header) =>
        Assert.False(WebhookSignature.IsValid(Body, header, "s3cret"));

    [Fact]
    public void Signature_WithAnotherSecret_OrATamperedBody_IsRefused()
    {
        var forged = WebhookSignature.Sign(Body, "guess");
        Assert.False(WebhookSignature.IsValid(Body, forged, "s3cret"));

        var genuine = WebhookSignature.Sign(Body, "s3cret");
        var tampered = Encoding.UTF8.GetBytes("""{"eventId":"evt_1","orderId":"o","status":"delivered "}""");
        Assert.False(WebhookSignature.IsValid(tampered, genuine, "s3cret"));
    }

    [Fact]
    public void Signature_WhenNoSecretIsConfigured_IsAlwaysRefused() =>
        Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, "x"), null));

    [Fact]
    public async Task Ledger_RecordsAnEventOnce_EvenUnderConcurrentDeliveries()
    {
        var ledger = NewLedger();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.TryRecordAsync("carrier", "evt_42' or '1'='1")));

        Assert.Equal(1, results.Count(r => r));
        Assert.True(await ledger.TryRecordAsync("stripe", "evt_42' or '1'='1"), "another source has its own ids");
    }

    [Fact]
    public async Task Ledger_AfterForget_AcceptsTheRetry()
    {
        var ledger = NewLedger();
        Assert.True(await ledger.TryRecordAsync("carrier", "evt_7"));

        await ledger.ForgetAsync("carrier", "evt_7");

        Assert.True(await ledger.TryRecordAsync("carrier", "evt_7"));
    }

    private WebhookEventLedger NewLedger()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        return new WebhookEventLedger(
            new StorageClientFactory(configuration, Options.Create(new StorageClientOptions())),
            Options.Create(new WebhookOptions { EventsTable = AzuriteFixture.UniqueName("hooks") }));
    }
}
