using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Shop.Hosting.Configuration;

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c> as <c>func start</c> does: each value becomes a
/// setting, with <c>__</c> in a name meaning a configuration section (<c>Stripe__SecretKey</c> → <c>Stripe:SecretKey</c>).
/// Environment variables are added after this source, so they win.
/// </summary>
public sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(Path);

    private sealed class LocalSettingsConfigurationProvider(string path) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in values.EnumerateObject())
                {
                    var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                    data[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
                }
            }

            Data = data;
        }
    }
}
