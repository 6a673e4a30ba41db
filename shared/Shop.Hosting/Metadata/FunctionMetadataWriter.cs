using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Hosting.Functions;

namespace Shop.Hosting;

/// <summary>
/// Writes the Functions app root's per-function folders: <c>{Name}/function.json</c>, derived from the
/// declarations. Run at publish (<c>Shop.Functions --write-function-metadata DIR</c>).
/// </summary>
public static class FunctionMetadataWriter
{
    /// <summary>The command-line switch that writes the metadata and exits.</summary>
    public const string Switch = "--write-function-metadata";

    public const string QueueBindingName = "message";

    public const string TimerBindingName = "timer";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The <c>function.json</c> document for one declaration.</summary>
    public static JsonObject Describe(FunctionDeclaration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        JsonArray bindings = function.Trigger switch
        {
            HttpTrigger http =>
            [
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    // Admin credentials are checked by the app itself (X-Admin-Key), identically locally and in Azure.
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)m.ToLowerInvariant()).ToArray()),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            ],
            QueueTrigger queue =>
            [
                new JsonObject
                {
                    ["type"] = "queueTrigger",
                    ["direction"] = "in",
                    ["name"] = QueueBindingName,
                    ["queueName"] = queue.QueueName,
                    ["connection"] = queue.Connection,
                },
            ],
            TimerTrigger timer =>
            [
                new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = TimerBindingName,
                    ["schedule"] = timer.Schedule,
                    ["runOnStartup"] = timer.RunOnStartup,
                },
            ],
            _ => throw new NotSupportedException($"Unknown trigger {function.Trigger}."),
        };
        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>Writes one folder per function under <paramref name="appRoot"/>, removing folders of functions no longer declared.</summary>
    public static IReadOnlyList<string> Write(FunctionCatalog functions, string appRoot)
    {
        ArgumentNullException.ThrowIfNull(functions);
        Directory.CreateDirectory(appRoot);
        var declared = functions.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var stale in Directory.EnumerateDirectories(appRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")) && !declared.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(stale, recursive: true);
        }

        var written = new List<string>();
        foreach (var function in functions)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, Describe(function).ToJsonString(Indented) + Environment.NewLine);
            written.Add(path);
        }

        return written;
    }

    /// <summary>The command-line switch that prints the function table (for README) and exits.</summary>
    public const string ListSwitch = "--list-functions";

    /// <summary>One markdown table row per function: name, trigger, route/queue/schedule, auth.</summary>
    public static IEnumerable<string> MarkdownRows(FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            yield return function.Trigger switch
            {
                HttpTrigger http => $"| `{function.Name}` | HTTP {string.Join('/', http.Methods)} | `/api/{http.Route}` | {http.Auth.ToString().ToLowerInvariant()} |",
                QueueTrigger queue => $"| `{function.Name}` | queue | `{queue.QueueName}` | — |",
                TimerTrigger timer => $"| `{function.Name}` | timer | `{timer.Schedule}` | — |",
                _ => throw new NotSupportedException(),
            };
        }
    }

    /// <summary>When <paramref name="args"/> hold <see cref="Switch"/>, writes the metadata and returns true (the app then exits).</summary>
    public static bool TryRun(string[] args, FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains(ListSwitch))
        {
            foreach (var row in MarkdownRows(functions))
            {
                Console.WriteLine(row);
            }

            return true;
        }

        var index = Array.IndexOf(args, Switch);
        if (index < 0)
        {
            return false;
        }

        var appRoot = index + 1 < args.Length ? args[index + 1] : AppContext.BaseDirectory;
        var written = Write(functions, appRoot);
        Console.WriteLine($"Wrote {written.Count} function.json files to {Path.GetFullPath(appRoot)}");
        return true;
    }
}
