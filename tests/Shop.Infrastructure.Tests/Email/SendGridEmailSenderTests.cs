using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Email.SendGrid;
using Shop.Infrastructure.Tests.Fakes;
using Shop.Testing;

using Shop.Testing.Fakes;

namespace Shop.Infrastructure.Tests.Email;

/// <summary>The real SendGrid SDK against a local fake of the v3 mail send endpoint; sent keys in Azurite.</summary>
public sealed class SendGridEmailSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly string SentTable = "emailsent" + Guid.NewGuid().ToString("N")[..12];

    private readonly EmailRecipient _ana = new("ana.perez@example.com", "Ana Pérez");
    private FakeSendGridApi _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGridApi.StartAsync();

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    [Fact]
    public async Task Send_PostsAV3MailSendWithBothBodies_AndReturnsSendGridsMessageId()
    {
        using var sender = Sender();

        var result = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key());

        Assert.Equal("sg-msg-1", result.MessageId);
        Assert.False(result.AlreadySent);
        var request = Assert.Single(_sendGrid.Requests);
        Assert.Equal("Bearer " + FakeSendGridApi.ApiKey, request.Header("Authorization"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("orders@shop.example", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Shop orders", root.GetProperty("from").GetProperty("name").GetString());
        var to = root.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.Equal(("ana.perez@example.com", "Ana Pérez"), (to.GetProperty("email").GetString(), to.GetProperty("name").GetString()));
        Assert.Equal($"Your Shop order {EmailSamples.OrderId} is confirmed", root.GetProperty("personalizations")[0].GetProperty("subject").GetString());
        var content = root.GetProperty("content");
        Assert.Equal(["text/plain", "text/html"], content.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Contains("€63.21", content[1].GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(EmailSamples.OrderId, root.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("order_id").GetString());
    }

    [Fact]
    public async Task Send_WhenRateLimited_WaitsForRetryAfter_ThenSucceeds()
    {
        using var sender = Sender();
        _sendGrid.AnswerNext(429, FakeSendGridApi.Errors(("Too many requests", null)), retryAfter: "1");
        var clock = Stopwatch.StartNew();

        var result = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key());

        Assert.False(result.AlreadySent);
        Assert.Equal(2, _sendGrid.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}, before the Retry-After of 1 s");
    }

    [Fact]
    public async Task Send_WhenSendGridFailsWith5xx_RetriesWithBackOff_ThenSucceeds()
    {
        using var sender = Sender();
        _sendGrid.AnswerNext(500);
        _sendGrid.AnswerNext(503);

        var result = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key());

        Assert.Equal("sg-msg-1", result.MessageId);
        Assert.Equal(3, _sendGrid.Requests.Count);
    }

    [Fact]
    public async Task Send_WhenSendGridKeepsFailing_ThrowsTransientAfterTheRetries()
    {
        using var sender = Sender(maxRetries: 2);
        for (var i = 0; i < 3; i++)
        {
            _sendGrid.AnswerNext(502);
        }

        var failure = await Assert.ThrowsAsync<EmailTransientException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key()));

        Assert.Equal(502, failure.StatusCode);
        Assert.Equal(3, _sendGrid.Requests.Count);
    }

    [Fact]
    public async Task Send_RefusedWith400_IsPermanent_CarriesSendGridsErrorText_AndIsNotRetried()
    {
        using var sender = Sender();
        _sendGrid.AnswerNext(400, FakeSendGridApi.Errors(("The from address does not match a verified Sender Identity.", "from")));

        var failure = await Assert.ThrowsAsync<EmailPermanentException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key()));

        Assert.Equal(400, failure.StatusCode);
        Assert.Contains("from: The from address does not match a verified Sender Identity.", failure.Message, StringComparison.Ordinal);
        Assert.Single(_sendGrid.Requests);
    }

    [Fact]
    public async Task Send_WithAWrongApiKey_IsPermanent()
    {
        using var sender = Sender(apiKey: "SG.wrong");

        var failure = await Assert.ThrowsAsync<EmailPermanentException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), Key()));

        Assert.Equal(401, failure.StatusCode);
    }

    [Fact]
    public async Task Send_TwiceWithOneKey_SendsOnce_EvenFromAnotherInstance()
    {
        using var sender = Sender();
        using var other = Sender();
        var key = Key();

        var first = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);
        var second = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);
        var third = await other.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);

        Assert.Single(_sendGrid.Accepted);
        Assert.True(second.AlreadySent);
        Assert.True(third.AlreadySent);
        Assert.Equal(first.MessageId, third.MessageId);
    }

    [Fact]
    public async Task Send_AfterAFailure_CanBeSentWithTheSameKey()
    {
        using var sender = Sender(maxRetries: 0);
        var key = Key();
        _sendGrid.AnswerNext(503);
        await Assert.ThrowsAsync<EmailTransientException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key));

        var retried = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);

        Assert.False(retried.AlreadySent);
        Assert.Single(_sendGrid.Accepted);
    }

    [Fact]
    public async Task Send_WhoseAnswerIsLostToATimeout_IsNeverSentAgain()
    {
        using var sender = Sender(requestTimeout: TimeSpan.FromSeconds(1));
        var key = Key();
        _sendGrid.AnswerNext(202, delay: TimeSpan.FromSeconds(2));

        // SendGrid takes the message but answers after the client gave up: it may have gone out.
        await Assert.ThrowsAsync<EmailPermanentException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key));
        var again = await sender.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);

        Assert.True(again.AlreadySent);
        Assert.Single(_sendGrid.Requests);
    }

    [Fact]
    public async Task Send_StillRunning_IsNotTakenOverBySecondSendWhileItCouldStillSucceed()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var slow = Sender(store: clock);
        using var other = Sender(store: clock);
        var key = Key();
        _sendGrid.AnswerNext(202, delay: TimeSpan.FromSeconds(1.5));

        var first = slow.SendAsync(_ana, EmailSamples.OrderConfirmed(), key);
        await Eventually.TrueAsync(() => _sendGrid.Requests.Count == 1, "the first send reaching SendGrid");

        // Four attempts that each time out after 30 s, with up to 5 s between them, can take 2 min 15 s: a second send
        // then must still see the first one running (a 2-minute lease let it send the message again).
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<EmailTransientException>(() => other.SendAsync(_ana, EmailSamples.OrderConfirmed(), key));
        await first;

        Assert.Single(_sendGrid.Requests);
    }

    [Fact]
    public async Task Send_WithAMissingValue_SendsNothing()
    {
        using var sender = Sender();

        await Assert.ThrowsAsync<EmailRenderException>(() => sender.SendAsync(_ana, EmailSamples.OrderConfirmed() with { ShippingAddress = " " }, Key()));

        Assert.Empty(_sendGrid.Requests);
    }

    private static string Key() => "email-" + Guid.NewGuid().ToString("N");

    private SendGridEmailSender Sender(string apiKey = FakeSendGridApi.ApiKey, int maxRetries = 3, TimeSpan? requestTimeout = null, TimeProvider? store = null)
    {
        var options = Options.Create(new SendGridOptions
        {
            ApiKey = apiKey,
            FromAddress = "orders@shop.example",
            FromName = "Shop orders",
            Host = _sendGrid.BaseAddress.ToString(),
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            SentTable = SentTable,
        });
        return new SendGridEmailSender(
            options,
            new EmailRenderer(new EmailBranding("Shop", "support@shop.example")),
            new SentEmailStore(TestStorage.Factory(azurite.ConnectionString), options, store ?? TimeProvider.System),
            TimeProvider.System,
            NullLogger<SendGridEmailSender>.Instance);
    }
}
