using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Shop.Functions.Pages;

/// <summary>
/// Serves the storefront (<c>/</c>) and the ops console (<c>/ops</c>) from the <c>web/</c> folder beside the app, with
/// their assets under <c>/assets/</c>: a fixed list of routes, known content types only, and a strict Content Security
/// Policy. Locally the app serves them itself; in Azure, where the Functions host forwards only <c>/api/…</c>, a Static
/// Web App serves the same folder (<c>web/staticwebapp.config.json</c> carries the same headers).
/// </summary>
public static partial class ShopPages
{
    /// <summary>The folder of the pages, beside the app's assembly.</summary>
    public const string Folder = "web";

    /// <summary>
    /// Scripts, styles and API calls from this origin only, but for Stripe.js (loaded by the storefront only when Stripe
    /// is the gateway: its script, its API and its Payment Element and 3-D Secure frames, as Stripe documents); no
    /// inline script or style; product images from any HTTPS host; the pages may not be framed. Keep
    /// <c>web/staticwebapp.config.json</c> equal to it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' https://js.stripe.com; style-src 'self'; img-src 'self' https: data:; "
        + "connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    /// <summary>Maps <c>GET</c>/<c>HEAD</c> of <c>/</c>, <c>/ops</c> and <c>/assets/{file}</c> (left out of the OpenAPI document).</summary>
    public static WebApplication MapShopPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, Folder));
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext http) => Serve(http, files, "index.html")).ExcludeFromDescription();
        app.MapMethods("/ops", methods, (HttpContext http) => Serve(http, files, "ops/index.html")).ExcludeFromDescription();
        app.MapMethods("/assets/{file}", methods, (HttpContext http, string file) =>
            AssetName().IsMatch(file) ? Serve(http, files, "assets/" + file) : Results.NotFound()).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, PhysicalFileProvider files, string path)
    {
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.PhysicalPath is null || !ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Revalidated on every load (Last-Modified answers 304), so a new build is seen at once.
        headers.CacheControl = "no-cache";
        return Results.File(file.PhysicalPath, contentType, lastModified: file.LastModified);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*\\.(html|css|js|svg|png)$")]
    private static partial Regex AssetName();
}
