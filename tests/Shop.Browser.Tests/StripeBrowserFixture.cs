using Microsoft.Playwright;
using Shop.Testing;
using Shop.Testing.Fakes;

namespace Shop.Browser.Tests;

/// <summary>
/// The app with Stripe as its gateway: the real Stripe.net SDK against the local Stripe fake, tables and task hub of
/// its own. Stripe.js cannot be loaded here (nothing leaves the machine), so <c>https://js.stripe.com/v3/</c> answers
/// with a stand-in that keeps Stripe.js's interface: the Payment Element is a list of Stripe's test payment methods,
/// createPaymentMethod returns the one picked, handleNextAction records the client secret it was given.
/// </summary>
public sealed class StripeBrowserFixture : BrowserFixture
{
    public const string PublishableKey = "pk_test_browser";
    public const string WebhookSecret = "whsec_browser";

    private const string StripeJs = """
        (() => {
          const picked = { id: null };
          window.Stripe = (key) => ({
            key,
            elements: (options) => {
              window.stripeElementsOptions = options;
              return {
                create: (type) => ({
                  mount: (container) => {
                    const label = document.createElement('label');
                    label.textContent = 'Card (Stripe test payment method)';
                    const select = document.createElement('select');
                    label.append(select);
                    for (const id of ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_authenticationRequired']) {
                      const option = document.createElement('option');
                      option.value = id;
                      option.textContent = id;
                      select.append(option);
                    }
                    select.addEventListener('change', () => { picked.id = select.value; });
                    picked.id = select.value;
                    container.append(label);
                  },
                }),
                update: (changes) => { window.stripeElementsOptions = { ...window.stripeElementsOptions, ...changes }; },
                submit: async () => ({}),
              };
            },
            createPaymentMethod: async () => ({ paymentMethod: { id: picked.id } }),
            handleNextAction: async ({ clientSecret }) => { window.stripeHandledNextAction = clientSecret; return {}; },
          });
        })();
        """;

    private FakeStripeApi? _stripe;

    public FakeStripeApi Stripe => _stripe ?? throw new InvalidOperationException("The fixture is not initialized.");

    protected override async Task<ShopApp> StartAppAsync()
    {
        _stripe = await FakeStripeApi.StartAsync();
        var p = AzuriteFixture.UniqueName("s");
        var settings = new Dictionary<string, string>
        {
            ["Stripe__SecretKey"] = FakeStripeApi.SecretKey,
            ["Stripe__ApiBase"] = _stripe.BaseAddress.ToString(),
            ["Stripe__PublishableKey"] = PublishableKey,
            ["Stripe__WebhookSecret"] = WebhookSecret,
            ["Durable__TaskHub"] = p,
            ["Email__OutboxContainer"] = p + "outbox",
            ["Returns__PhotosContainer"] = p + "photos",
        };
        foreach (var name in new[]
        {
            "Catalog__ProductsTable", "Inventory__StockTable", "Inventory__HoldsTable", "Carts__Table", "Reviews__Table", "Marketing__SuppressionTable",
            "Payments__LedgerTable", "SendGrid__SentTable", "OrderStore__OrdersTable", "Checkout__RequestsTable", "Fulfillment__Table",
            "Webhooks__EventsTable", "Reorder__Table", "Metrics__Table", "Returns__Table", "Disputes__Table",
        })
        {
            settings[name] = p + name.Replace("__", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        }

        foreach (var name in new[] { "Email__RetryQueue", "Reorder__Queue", "Events__Queue" })
        {
            settings[name] = p + "-" + name.Replace("__", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        }

        return await ShopApp.StartAsync(settings);
    }

    protected override Task PrepareContextAsync(IBrowserContext context) =>
        context.RouteAsync("https://js.stripe.com/v3/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/javascript",
            Body = StripeJs,
        }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stripe is not null)
        {
            await _stripe.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StripeBrowserCollection : ICollectionFixture<StripeBrowserFixture>
{
    public const string Name = "stripe-browser";
}
