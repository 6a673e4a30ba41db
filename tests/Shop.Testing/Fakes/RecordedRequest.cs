namespace Shop.Testing.Fakes;

/// <summary>One request a <see cref="LocalHttpFake"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as <c>application/x-www-form-urlencoded</c> fields (Stripe's request format).</summary>
    public IReadOnlyDictionary<string, string> Form { get; } = ParseForm(Headers, Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> ParseForm(IReadOnlyDictionary<string, string> headers, string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return form;
        }

        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            form[key] = value;
        }

        return form;
    }
}
