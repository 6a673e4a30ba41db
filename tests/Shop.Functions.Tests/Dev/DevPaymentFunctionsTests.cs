using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Functions.Tests.Dev;

/// <summary>The simulated gateway's dev endpoints: completing a 3-D Secure step, and the ledger.</summary>
public sealed class DevPaymentFunctionsTests(DevAppFactory app) : IClassFixture<DevAppFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CompleteAction_AuthorizesThePayment_AndRaisesTheEventThroughThePaymentEventPath()
    {
        var gateway = app.Services.GetRequiredService<IPaymentGateway>();
        Assert.IsType<SimulatedPaymentGateway>(gateway);
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        var action = Assert.IsType<PaymentRequiresAction>(await gateway.AuthorizeAsync(orderId, new Money(42m, "USD"), TestPaymentMethods.AuthenticationRequired, orderId + ":authorize"));
        using var client = app.CreateClient();

        var response = await client.PostAsync($"/api/dev/payments/{action.PaymentId}/complete-action", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("amountCapturableUpdated", body.RootElement.GetProperty("type").GetString());
        var raised = Assert.IsType<AmountCapturableUpdated>(Assert.Single(app.PaymentEvents, e => e.PaymentId == action.PaymentId));
        Assert.Equal((orderId, new Money(42m, "USD")), (raised.OrderId, raised.AmountCapturable));
        Assert.Equal(raised.EventId, body.RootElement.GetProperty("eventId").GetString());

        using var ledger = JsonDocument.Parse(await client.GetStringAsync($"/api/dev/payments?orderId={orderId}"));
        var entry = Assert.Single(ledger.RootElement.GetProperty("ledger").EnumerateArray());
        Assert.Equal(("authorization", "authorized"), (entry.GetProperty("kind").GetString(), entry.GetProperty("outcome").GetString()));
        Assert.Equal("requires_capture", ledger.RootElement.GetProperty("payments")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task CompleteAction_WithTheOtherOutcomeAfterwards_IsAConflict_AndAnUnknownPaymentIsNotFound()
    {
        var gateway = app.Services.GetRequiredService<IPaymentGateway>();
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        var action = (PaymentRequiresAction)await gateway.AuthorizeAsync(orderId, new Money(42m, "USD"), TestPaymentMethods.AuthenticationRequired, orderId + ":authorize");
        using var client = app.CreateClient();

        var failed = await client.PostAsync($"/api/dev/payments/{action.PaymentId}/complete-action?outcome=failed", null);
        var conflict = await client.PostAsync($"/api/dev/payments/{action.PaymentId}/complete-action?outcome=succeeded", null);
        var unknown = await client.PostAsync("/api/dev/payments/pi_sim_nope/complete-action", null);
        var invalid = await client.PostAsync($"/api/dev/payments/{action.PaymentId}/complete-action?outcome=maybe", null);

        Assert.Equal("paymentFailed", (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Ledger_WithoutAnOrderId_IsAValidationProblem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/dev/payments");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
