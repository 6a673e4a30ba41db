using System.Text.Json;
using System.Text.RegularExpressions;
using Shop.Domain.Common;
using Shop.Domain.Email;
using Shop.Infrastructure.Email;

namespace Shop.Infrastructure.Tests.Email;

/// <summary>No message reaches a customer with a hole in it: every template renders fully, safely, in the order's currency.</summary>
public sealed partial class EmailTemplateTests
{
    private readonly EmailRenderer _renderer = new(new EmailBranding("Shop", "support@shop.example"));

    public static TheoryData<string, EmailModel> Samples()
    {
        var data = new TheoryData<string, EmailModel>();
        var index = 0;
        foreach (var model in EmailSamples.All())
        {
            data.Add($"{index++:D2} {model.Template}", model);
        }

        return data;
    }

    [Fact]
    public void EveryTemplate_HasADefinition_AndARealisticSample()
    {
        var templates = Enum.GetValues<EmailTemplate>();

        Assert.Equal(templates.Order(), EmailTemplates.All.Select(d => d.Template).Order());
        Assert.Equal(templates.Order(), EmailSamples.All().Select(m => m.Template).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryTemplate_RendersWithNoUnfilledPlaceholder(string name, EmailModel model)
    {
        var email = _renderer.Render(model);

        foreach (var (part, text) in new[] { ("subject", email.Subject), ("html", email.Html), ("text", email.Text) })
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{name}: empty {part}");
            Assert.DoesNotMatch(LeftoverToken(), text);
        }

        Assert.DoesNotContain('\n', email.Subject);
        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains("support@shop.example", email.Text, StringComparison.Ordinal);
        Assert.Equal(model.OrderReference, email.OrderId);
        if (model.OrderReference is { } orderId)
        {
            Assert.Contains(orderId, email.Subject + email.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Money_IsFormattedInTheOrdersCurrency()
    {
        var euro = _renderer.Render(EmailSamples.OrderConfirmed());
        var yen = _renderer.Render(EmailSamples.All().OfType<OrderConfirmedEmail>().Single(m => m.Total.Currency == "JPY"));

        Assert.Contains("€63.21", euro.Html, StringComparison.Ordinal);
        Assert.Contains("€25.00", euro.Text, StringComparison.Ordinal);
        Assert.Contains("¥4,625", yen.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("¥4,625.00", yen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedEmail_CarriesTheCarrierAndTrackingLink()
    {
        var shipped = EmailSamples.All().OfType<ShippedEmail>().First();

        var email = _renderer.Render(shipped);

        Assert.Contains("DHL Express", email.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.dhl.com/track?trackingNumber=JD014600003SE\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("https://www.dhl.com/track?trackingNumber=JD014600003SE", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewRequest_ChangesItsWordingWithEachReminder()
    {
        var subjects = EmailSamples.All().OfType<ReviewRequestEmail>().Select(m => _renderer.Render(m).Subject).ToList();

        Assert.Equal(3, subjects.Distinct().Count());
        Assert.StartsWith("How do you like", subjects[0], StringComparison.Ordinal);
        Assert.StartsWith("Reminder:", subjects[1], StringComparison.Ordinal);
        Assert.StartsWith("Last chance", subjects[2], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryValue_IsHtmlEncodedInTheHtmlBody_AndLeftAsWrittenInTheText()
    {
        var email = _renderer.Render(EmailSamples.OrderConfirmed("<script>alert('x')</script> & Co"));

        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", email.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> & Co", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingValue_FailsLoudlyInsteadOfLeavingAHole(string? customerName)
    {
        var model = EmailSamples.OrderConfirmed() with { CustomerName = customerName! };

        var failure = Assert.Throws<EmailRenderException>(() => _renderer.Render(model));

        Assert.Contains("CustomerName", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyList_FailsLoudly()
    {
        var model = EmailSamples.OrderConfirmed() with { Lines = [] };

        Assert.Throws<EmailRenderException>(() => _renderer.Render(model));
    }

    [Fact]
    public void ALinkThatIsNotHttp_IsRefused()
    {
        var model = EmailSamples.OrderConfirmed() with { OrderStatusUrl = new Uri("javascript:alert(1)") };

        Assert.Throws<EmailRenderException>(() => _renderer.Render(model));
    }

    [Fact]
    public void ASubjectCannotCarryLineBreaks()
    {
        var model = new OrderCancelledEmail("ord_1\r\nBcc: victim@example.com", "Ana", "asked", new Money(1m, "EUR"));

        var email = _renderer.Render(model);

        Assert.DoesNotContain('\r', email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryModel_SurvivesAJsonRoundTrip_AsActivityInput(string name, EmailModel model)
    {
        var json = JsonSerializer.Serialize(model, JsonSerializerOptions.Web);

        var back = JsonSerializer.Deserialize<EmailModel>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(_renderer.Render(model), _renderer.Render(back));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void AModelOfTheWrongTypeForItsTemplate_CannotExist()
    {
        Assert.All(EmailSamples.All(), m => Assert.IsType(EmailTemplates.For(m.Template).ModelType, m));
    }

    /// <summary>Anything left of the template syntax: <c>{{</c>, <c>}}</c>, or a bare <c>{Name}</c>.</summary>
    [GeneratedRegex(@"\{\{|\}\}|\{[A-Za-z@#/]")]
    private static partial Regex LeftoverToken();
}
