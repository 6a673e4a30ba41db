using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Shop.Functions.Tests.Contract;

/// <summary>
/// The served OpenAPI document as a contract: whether a response (status, content type, JSON body) is one the document
/// declares for the operation. Response bodies are checked against their JSON Schema (JsonSchema.Net).
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Uri BaseUri = new("https://shop.test/openapi/v1.json");

    private readonly JsonElement _document;
    private readonly BuildOptions _build;
    private readonly List<(Regex Pattern, string Template)> _paths;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public OpenApiContract(string documentJson)
    {
        _document = JsonDocument.Parse(documentJson).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(BaseUri, new JsonElementBaseDocument(_document, BaseUri));
        // OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few keywords of its own (discriminator, xml, example).
        _build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true) };
        _paths = _document.GetProperty("paths").EnumerateObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^}]+}", "[^/]+") + "$"), p.Name))
            .OrderBy(p => p.Name.Count(c => c == '{'))
            .ToList();
    }

    /// <summary>What is wrong with the response; empty when the document declares it.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, ReadOnlySpan<byte> body)
    {
        var template = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;
        if (template is null)
        {
            return status == 404 ? [] : [$"{method} {path}: no path of the document matches"];
        }

        var where = $"{method} {template} → {status}";
        if (!_document.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            return status is 404 or 405 ? [] : [$"{where}: the document has no {method} operation here"];
        }

        var responses = operation.GetProperty("responses");
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(code, out var response) && !responses.TryGetProperty("default", out response))
        {
            return [$"{where}: status {status} is not declared (declared: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})"];
        }

        var hasContent = response.TryGetProperty("content", out var content) && content.EnumerateObject().Any();
        if (body.Length == 0)
        {
            return [];
        }

        if (!hasContent)
        {
            return [$"{where}: a body was sent ({contentType}) but the response declares none"];
        }

        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim();
        var media = content.EnumerateObject().FirstOrDefault(m => string.Equals(m.Name, mediaType, StringComparison.OrdinalIgnoreCase));
        if (media.Value.ValueKind == JsonValueKind.Undefined)
        {
            return [$"{where}: content type '{mediaType}' is not declared (declared: {string.Join(", ", content.EnumerateObject().Select(m => m.Name))})"];
        }

        if (!mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) || !media.Value.TryGetProperty("schema", out _))
        {
            return [];
        }

        var pointer = $"/paths/{Escape(template)}/{method.ToLowerInvariant()}/responses/{(responses.TryGetProperty(code, out _) ? code : "default")}/content/{Escape(media.Name)}/schema";
        JsonSchema schema;
        lock (_gate)
        {
            if (!_schemas.TryGetValue(pointer, out schema!))
            {
                schema = JsonSchema.FromText($$"""{ "$ref": "{{BaseUri}}#{{pointer}}" }""", _build);
                _schemas[pointer] = schema;
            }
        }

        using var json = JsonDocument.Parse(body.ToArray());
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return results.IsValid
            ? []
            : Errors(results).Select(e => $"{where}: {e}").DefaultIfEmpty($"{where}: the body does not match the schema").ToList();
    }

    /// <summary>The errors of the failing nodes only: the branch of a <c>oneOf</c> that passed elsewhere is not a failure.</summary>
    private static IEnumerable<string> Errors(EvaluationResults node)
    {
        if (node.IsValid)
        {
            yield break;
        }

        foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
        {
            yield return $"at '{node.InstanceLocation}' ({node.SchemaLocation}): {message}";
        }

        foreach (var child in node.Details ?? [])
        {
            foreach (var error in Errors(child))
            {
                yield return error;
            }
        }
    }

    /// <summary>A JSON Pointer segment as it stands in a URI fragment.</summary>
    private static string Escape(string segment) =>
        Uri.EscapeDataString(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
}
