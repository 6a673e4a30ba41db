using Shop.Testing.Fakes;

namespace Shop.Functions.Tests.Orders;

/// <summary>The order app taking payments through the real Stripe SDK, pointed at a local fake of Stripe's API.</summary>
public class StripeOrderAppFactory : OrderAppFactory
{
    public FakeStripeApi Stripe { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // Each test of the class initializes the shared app: the fake starts once, with the app that points at it.
        Stripe ??= await FakeStripeApi.StartAsync();
        Settings["Stripe__SecretKey"] = FakeStripeApi.SecretKey;
        Settings["Stripe__ApiBase"] = Stripe.BaseAddress.ToString();
        Settings["Stripe__MaxNetworkRetries"] = "0";
        Configure(Stripe);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    /// <summary>Adjusts the fake and the settings before the app starts.</summary>
    protected virtual void Configure(FakeStripeApi stripe)
    {
    }
}

/// <summary>Stripe authorizations that lapse 8 seconds after they are made; the workflow re-authorizes 4 seconds before.</summary>
public sealed class ShortStripeAuthorizationOrderAppFactory : StripeOrderAppFactory
{
    protected override void Configure(FakeStripeApi stripe)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        stripe.CaptureWindow = TimeSpan.FromSeconds(8);
        Settings["OrderWorkflow__CaptureSafetyMargin"] = "00:00:04";
    }
}
