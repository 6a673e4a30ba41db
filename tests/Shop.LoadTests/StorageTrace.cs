using System.Text.RegularExpressions;
using Shop.Testing.Benchmarks;

namespace Shop.LoadTests;

/// <summary>
/// While on, keeps every storage request the relays see, described as "table: operation" — a profile of which
/// tables, queues and blobs one order touches, and how, taken without touching the app.
/// </summary>
internal sealed partial class StorageTrace
{
    private readonly Lock _lock = new();
    private List<string> _requests = [];
    private volatile bool _enabled;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public void Record(StorageService service, string method, string path)
    {
        // The work only, as counted: the queue listeners' polling is left out.
        if (!_enabled || (service == StorageService.Queue && !(method == "POST" && path.Split('?', 2)[0].EndsWith("/messages", StringComparison.Ordinal))))
        {
            return;
        }

        var description = Describe(service, method, path);
        lock (_lock)
        {
            _requests.Add(description);
        }
    }

    /// <summary>The requests recorded since the last call, in order.</summary>
    public IReadOnlyList<string> Drain()
    {
        lock (_lock)
        {
            var taken = _requests;
            _requests = [];
            return taken;
        }
    }

    /// <summary>"orders: point read", "stock: merge", "$batch: transaction", "queue shop-timers: send", …</summary>
    public static string Describe(StorageService service, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var target = Uri.UnescapeDataString(path.Split('?', 2)[0]);
        var query = path.Contains('?', StringComparison.Ordinal) ? path.Split('?', 2)[1] : string.Empty;
        var parts = target.Trim('/').Split('/');
        var resource = parts.Length > 1 ? string.Join('/', parts.Skip(1)) : string.Empty;
        switch (service)
        {
            case StorageService.Table:
                if (resource.StartsWith("$batch", StringComparison.Ordinal))
                {
                    return "table $batch: entity-group transaction";
                }

                if (resource.StartsWith("Tables", StringComparison.Ordinal))
                {
                    return $"tables: {(method == "POST" ? "create table" : "list tables")}";
                }

                var match = EntityPath().Match(resource);
                var table = match.Success ? match.Groups["table"].Value : resource;
                var keyed = match.Success && match.Groups["keys"].Value.Length > 0;
                var operation = (method, keyed) switch
                {
                    ("GET", true) => "point read",
                    ("GET", false) => query.Contains("filter", StringComparison.OrdinalIgnoreCase) ? "query" : "scan",
                    ("POST", _) => "insert",
                    ("PUT", _) => "replace/upsert",
                    ("MERGE" or "PATCH", _) => "merge",
                    ("DELETE", _) => "delete",
                    _ => method,
                };
                return $"{table}: {operation}";
            case StorageService.Queue:
                var queue = parts.Length > 1 ? parts[1] : string.Empty;
                var messages = parts.Length > 2 && parts[2] == "messages";
                var kind = (method, messages, parts.Length > 3) switch
                {
                    ("POST", true, _) => "send",
                    ("GET", true, _) => "receive",
                    ("DELETE", true, true) => "delete message",
                    ("PUT", true, true) => "update message",
                    ("PUT", false, _) => "create queue",
                    _ => method.ToLowerInvariant(),
                };
                return $"queue {queue}: {kind}";
            default:
                var container = parts.Length > 1 ? parts[1] : string.Empty;
                var blob = parts.Length > 2;
                var action = (method, blob) switch
                {
                    ("PUT", true) => "upload",
                    ("GET", true) => "download",
                    ("HEAD", true) => "properties",
                    ("DELETE", true) => "delete",
                    ("PUT", false) => "create container",
                    ("GET", false) => "list",
                    _ => method.ToLowerInvariant(),
                };
                return $"blob {container}: {action}";
        }
    }

    /// <summary>Runs of the same request folded: "orders: point read ×3".</summary>
    public static string Fold(IEnumerable<string> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var runs = new List<(string Request, int Count)>();
        foreach (var request in requests)
        {
            if (runs.Count > 0 && runs[^1].Request == request)
            {
                runs[^1] = (request, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((request, 1));
            }
        }

        return string.Join(" → ", runs.Select(r => r.Count > 1 ? $"{r.Request} ×{r.Count}" : r.Request));
    }

    [GeneratedRegex(@"^(?<table>[^(]+)\((?<keys>[^)]*)\)")]
    private static partial Regex EntityPath();
}
