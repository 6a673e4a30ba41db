using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>
/// A page that records what must never happen: an uncaught script error, or a Content Security Policy violation
/// (which would mean the pages rely on something the policy forbids). Screenshots go to the test output folder.
/// </summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    public WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => Record("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                Record("CSP violation: " + message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The folder screenshots are written to: <c>screenshots/</c> in the test output folder.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Writes <c>screenshots/{name}.png</c>: the whole page, or only what the window shows.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Fails when the page had a script error or a CSP violation.</summary>
    public void AssertNoProblems()
    {
        lock (_problems)
        {
            Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
