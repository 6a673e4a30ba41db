using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>
/// One app process and one headless Chromium for the whole run. Each test opens its own browser contexts (separate
/// storage, as separate people), whose requests may reach the app only: nothing leaves the machine.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long any expectation on a page may take (an order moves in well under a second; the emulator can stall).</summary>
    public static readonly TimeSpan ExpectTimeout = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ShopApp? _app;

    public ShopApp App => _app ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A client for direct API calls (set-up and checks a page cannot make).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is installed at {ChromiumPath} (apt-get install -y chromium; .ci/run does it).");
        _app = await StartAppAsync();
        Http = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromSeconds(40) };
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Assertions.SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);
    }

    /// <summary>A new page in a new context (fresh cookies and storage), at phone width when asked.</summary>
    public async Task<WatchedPage> NewPageAsync(bool phone = false)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)ExpectTimeout.TotalMilliseconds);
        var origin = App.BaseAddress.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith(origin, StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        await PrepareContextAsync(context);
        return new WatchedPage(context, await context.NewPageAsync());
    }

    /// <summary>Starts the app this fixture's tests use.</summary>
    protected virtual Task<ShopApp> StartAppAsync() => ShopApp.StartAsync();

    /// <summary>More routes for a new context (registered after the origin-only rule, so they take precedence).</summary>
    protected virtual Task PrepareContextAsync(IBrowserContext context) => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
