using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Email.Outbox;
using Shop.Infrastructure.Tests.Fakes;
using Shop.Testing;

namespace Shop.Infrastructure.Tests.Email;

/// <summary>The embedded outbox against Azurite blobs.</summary>
public sealed class OutboxEmailSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly EmailOutbox _outbox = new(TestStorage.Factory(azurite.ConnectionString), Options.Create(new EmailOptions { OutboxContainer = AzuriteFixture.UniqueName("outbox") }));

    [Fact]
    public async Task Send_KeepsTheRenderedMessage_WithEverythingADeveloperNeedsToCheckIt()
    {
        var sender = Sender();
        var key = "order-1:confirmation";

        var result = await sender.SendAsync(new EmailRecipient("ana.perez@example.com", "Ana Pérez"), EmailSamples.OrderConfirmed(), key);

        var message = await _outbox.GetAsync(result.MessageId);
        Assert.NotNull(message);
        Assert.Equal(("ana.perez@example.com", "Ana Pérez", EmailTemplate.OrderConfirmed, EmailSamples.OrderId, key), (message.To, message.ToName, message.Template, message.OrderId, message.IdempotencyKey));
        Assert.Equal(_time.GetUtcNow(), message.SentAt);
        Assert.Contains("€63.21", message.Html, StringComparison.Ordinal);
        Assert.Contains("€63.21", message.Text, StringComparison.Ordinal);
        Assert.Equal($"Your Shop order {EmailSamples.OrderId} is confirmed", message.Subject);
    }

    [Fact]
    public async Task Send_TwiceWithOneKey_StoresOneMessage()
    {
        var sender = Sender();
        var recipient = new EmailRecipient("twice@example.com");

        var first = await sender.SendAsync(recipient, EmailSamples.OrderConfirmed(), "same-key");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await sender.SendAsync(recipient, EmailSamples.OrderConfirmed("Someone Else"), "same-key");

        Assert.False(first.AlreadySent);
        Assert.True(second.AlreadySent);
        Assert.Equal(first.MessageId, second.MessageId);
        var listed = Assert.Single(await _outbox.ListAsync(to: "twice@example.com"));
        Assert.Equal(first.MessageId, listed.Id);
    }

    [Fact]
    public async Task List_IsNewestFirst_AndFiltersByRecipientAndOrder()
    {
        var sender = Sender();
        var ana = new EmailRecipient("Ana.Perez@Example.com");
        var bo = new EmailRecipient("bo@example.com");
        var sent = new List<string>();
        foreach (var (recipient, model) in new (EmailRecipient, EmailModel)[]
        {
            (ana, EmailSamples.OrderConfirmed()),
            (bo, new OrderCancelledEmail("ord_bo", "Bo", "asked", new Shop.Domain.Common.Money(5m, "USD"))),
            (ana, EmailSamples.All().OfType<ShippedEmail>().First()),
            (ana, EmailSamples.All().OfType<AnomalyAlertEmail>().First()),
        })
        {
            sent.Add((await sender.SendAsync(recipient, model, Guid.NewGuid().ToString())).MessageId);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        var all = await _outbox.ListAsync();
        var toAna = await _outbox.ListAsync(to: "ana.perez@example.com");
        var anasOrder = await _outbox.ListAsync(to: "ana.perez@example.com", orderId: EmailSamples.OrderId);
        var latestTwo = await _outbox.ListAsync(max: 2);

        Assert.Equal(Enumerable.Reverse(sent), all.Select(m => m.Id));
        Assert.Equal([sent[3], sent[2], sent[0]], toAna.Select(m => m.Id));
        Assert.Equal([EmailTemplate.Shipped, EmailTemplate.OrderConfirmed], anasOrder.Select(m => m.Template));
        Assert.Equal([sent[3], sent[2]], latestTwo.Select(m => m.Id));
        Assert.Equal("ord_bo", all.Single(m => m.To == "bo@example.com").OrderId);
    }

    [Fact]
    public async Task Get_AnUnknownOrMalformedId_ReturnsNull()
    {
        Assert.Null(await _outbox.GetAsync("0123456789abcdef0123456789abcdef"));
        Assert.Null(await _outbox.GetAsync("../../etc/passwd"));
    }

    private OutboxEmailSender Sender() => new(new EmailRenderer(new EmailBranding("Shop", "support@shop.example")), _outbox, _time, NullLogger<OutboxEmailSender>.Instance);
}
