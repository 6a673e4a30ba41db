using Shop.Testing.Fakes;

namespace Shop.Functions.Tests.Returns;

/// <summary>The return app taking payments, refunds and dispute evidence through the real Stripe SDK, pointed at a local fake of Stripe's API.</summary>
public sealed class StripeReturnAppFactory : ReturnAppFactory
{
    public FakeStripeApi Stripe { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Stripe ??= await FakeStripeApi.StartAsync();
        Settings["Stripe__SecretKey"] = FakeStripeApi.SecretKey;
        Settings["Stripe__ApiBase"] = Stripe.BaseAddress.ToString();
        Settings["Stripe__MaxNetworkRetries"] = "0";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
