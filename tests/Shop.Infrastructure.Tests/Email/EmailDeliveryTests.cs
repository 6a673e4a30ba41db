using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Hosting.Local;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Email.SendGrid;
using Shop.Infrastructure.Tests.Fakes;
using Shop.Testing;
using Shop.Testing.Fakes;

namespace Shop.Infrastructure.Tests.Email;

/// <summary>Sends that fail transiently wait in a queue (Azurite) and are sent again, at most once, through the real SendGrid SDK.</summary>
public sealed class EmailDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string _queue = "mail-" + Guid.NewGuid().ToString("N")[..12];
    private readonly EmailRecipient _ana = new("ana.perez@example.com", "Ana Pérez");
    private FakeSendGridApi _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGridApi.StartAsync();

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    [Fact]
    public async Task SendWhileSendGridIsDown_QueuesTheEmail_AndTheQueuedAttemptDeliveredTwiceSendsItOnce()
    {
        using var sender = Sender();
        var delivery = Delivery(sender, TimeProvider.System);
        _sendGrid.Down = true;

        await delivery.SendAsync(_ana, EmailSamples.OrderConfirmed(), "key-" + Guid.NewGuid().ToString("N"));
        _sendGrid.Down = false;

        var queued = await ReceiveAsync(_queue);
        var retry = EmailRetry.Parse(queued);
        Assert.Equal(1, retry.Attempt);
        Assert.Equal(EmailTemplate.OrderConfirmed, retry.Model.Template);
        await delivery.RetryAsync(retry);
        await delivery.RetryAsync(retry);

        Assert.Single(_sendGrid.Accepted);
    }

    [Fact]
    public async Task QueuedAttemptStillFailingAfterRetryFor_GoesToThePoisonQueue()
    {
        using var sender = Sender();
        var delivery = Delivery(sender, TimeProvider.System);
        _sendGrid.Down = true;
        var retry = new EmailRetry(_ana, EmailSamples.OrderConfirmed(), "key-" + Guid.NewGuid().ToString("N"), 7, DateTimeOffset.UtcNow - TimeSpan.FromDays(2));

        await delivery.RetryAsync(retry);

        Assert.Equal(retry.IdempotencyKey, EmailRetry.Parse(await ReceiveAsync(_queue + "-poison")).IdempotencyKey);
    }

    private async Task<string> ReceiveAsync(string queueName)
    {
        var queue = Storage().GetQueueClient(queueName);
        var message = await Eventually.ValueAsync(
            async () => (await queue.ReceiveMessageAsync()).Value,
            m => m is not null,
            $"a message in {queueName}",
            TimeSpan.FromSeconds(10));
        return message!.Body.ToString();
    }

    private StorageClientFactory Storage() => TestStorage.Factory(azurite.ConnectionString);

    private EmailDelivery Delivery(IEmailSender sender, TimeProvider time) => new(
        sender,
        new QueueSender(Storage(), new QueueSignal()),
        Options.Create(new EmailOptions { RetryQueue = _queue, FirstRetryDelay = TimeSpan.FromMilliseconds(100), RetryFor = TimeSpan.FromDays(1) }),
        time,
        NullLogger<EmailDelivery>.Instance);

    private SendGridEmailSender Sender()
    {
        var options = Options.Create(new SendGridOptions
        {
            ApiKey = FakeSendGridApi.ApiKey,
            FromAddress = "orders@shop.example",
            Host = _sendGrid.BaseAddress.ToString(),
            MaxRetries = 0,
            SentTable = "emailsent" + Guid.NewGuid().ToString("N")[..12],
        });
        return new SendGridEmailSender(
            options,
            new EmailRenderer(new EmailBranding("Shop", "support@shop.example")),
            new SentEmailStore(Storage(), options, TimeProvider.System),
            TimeProvider.System,
            NullLogger<SendGridEmailSender>.Instance);
    }
}
