using System.Text.Json;

namespace Shop.Hosting.Configuration;

/// <summary>The parts of <c>host.json</c> the local trigger runtime honours, with the Functions host's defaults.</summary>
public sealed class HostJson
{
    public const string FileName = "host.json";

    public string RoutePrefix { get; init; } = "api";

    public QueuesOptions Queues { get; init; } = new();

    /// <summary>Where the file was read from, or null when defaults are used.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Reads <c>host.json</c> from the app's base directory (build and publish output), else the content root.</summary>
    public static HostJson Load(params string[] directories)
    {
        foreach (var directory in directories)
        {
            var path = System.IO.Path.Combine(directory, FileName);
            if (File.Exists(path))
            {
                return Parse(File.ReadAllText(path), path);
            }
        }

        return new HostJson();
    }

    public static HostJson Parse(string json, string? sourcePath = null)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var routePrefix = "api";
        var queues = new QueuesOptions();

        if (TryGet(root, "extensions", out var extensions))
        {
            if (TryGet(extensions, "http", out var http) && TryGet(http, "routePrefix", out var prefix) && prefix.ValueKind == JsonValueKind.String)
            {
                routePrefix = prefix.GetString()!.Trim('/');
            }

            if (TryGet(extensions, "queues", out var q))
            {
                queues = new QueuesOptions
                {
                    BatchSize = TryGet(q, "batchSize", out var b) ? b.GetInt32() : queues.BatchSize,
                    NewBatchThreshold = TryGet(q, "newBatchThreshold", out var n) ? n.GetInt32() : null,
                    MaxPollingInterval = TryGet(q, "maxPollingInterval", out var m) ? ParseTimeSpan(m) : queues.MaxPollingInterval,
                    VisibilityTimeout = TryGet(q, "visibilityTimeout", out var v) ? ParseTimeSpan(v) : queues.VisibilityTimeout,
                    MaxDequeueCount = TryGet(q, "maxDequeueCount", out var d) ? d.GetInt32() : queues.MaxDequeueCount,
                    MessageEncoding = TryGet(q, "messageEncoding", out var e) ? e.GetString() ?? "base64" : "base64",
                };
            }
        }

        return new HostJson { RoutePrefix = routePrefix, Queues = queues, SourcePath = sourcePath };
    }

    private static TimeSpan ParseTimeSpan(JsonElement element) => element.ValueKind == JsonValueKind.Number
        ? TimeSpan.FromMilliseconds(element.GetDouble())
        : TimeSpan.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}
