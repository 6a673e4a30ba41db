using Shop.Hosting.Functions;

using Shop.Testing;

namespace Shop.Functions.Tests;

/// <summary>README's function table is the one generated from the app's [Function] attributes, so a newcomer never reads a stale list.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void ReadmeFunctionTable_IsTheTableGeneratedFromTheFunctions()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("## Functions", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var table = string.Join("\n", section.Split('\n').Where(line => line.StartsWith('|')));

        var expected = FunctionTable(FunctionCatalog.FromAssembly(typeof(Program).Assembly));
        Assert.True(table == expected, "README's ## Functions table should be (copy it in):\n" + expected);
    }

    /// <summary>One row per function: name, trigger, route / queue / schedule, who may call it.</summary>
    private static string FunctionTable(FunctionCatalog functions)
    {
        var rows = new List<string> { "| Function | Trigger | Route, queue or schedule | Access |", "|---|---|---|---|" };
        foreach (var function in functions)
        {
            rows.Add(function.Trigger switch
            {
                HttpTrigger http => $"| `{function.Name}` | HTTP {string.Join('/', http.Methods)} | `/api/{http.Route}` | {http.Auth.ToString().ToLowerInvariant()} |",
                QueueTrigger queue => $"| `{function.Name}` | queue | `{queue.QueueName}` | |",
                TimerTrigger timer => $"| `{function.Name}` | timer | `{timer.Schedule}` | |",
                OrchestrationTrigger => $"| `{function.Name}` | orchestrator | | |",
                ActivityTrigger => $"| `{function.Name}` | activity | | |",
                _ => throw new InvalidOperationException($"{function.Name}: unknown trigger"),
            });
        }

        return string.Join("\n", rows);
    }

    [Fact]
    public void ReadmeConfiguration_DocumentsEverySettingOfTheSample()
    {
        var root = RepositoryPaths.Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        using var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var undocumented = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !readme.Contains($"`{name}`", StringComparison.Ordinal) && !readme.Contains($"`__{name[(name.IndexOf("__", StringComparison.Ordinal) + 2)..]}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(undocumented.Count == 0, "README's configuration table lacks: " + string.Join(", ", undocumented));
    }

}
