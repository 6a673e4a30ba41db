using System.Text.RegularExpressions;
using Shop.Hosting.Functions;

using Shop.Testing;

namespace Shop.Functions.Tests;

/// <summary>README's function table stays equal to the declarations, so a newcomer never reads a stale list.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void ReadmeFunctionTable_ListsEveryDeclaredFunction_WithItsTrigger()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md"));
        var section = readme[readme.IndexOf("## Functions", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = RowPattern().Matches(section).ToDictionary(m => m.Groups["name"].Value, m => m.Value, StringComparer.Ordinal);

        var declared = ShopFunctions.Create();
        Assert.Equal(declared.Select(f => f.Name).Order(), rows.Keys.Order());
        foreach (var function in declared)
        {
            var expected = function.Trigger switch
            {
                HttpTrigger http => $"`/api/{http.Route}`",
                QueueTrigger queue => $"`{queue.QueueName}`",
                TimerTrigger timer => $"`{timer.Schedule}`",
                _ => throw new InvalidOperationException(),
            };
            Assert.Contains(expected, rows[function.Name], StringComparison.Ordinal);
            if (function.Trigger is HttpTrigger h)
            {
                Assert.Contains($"HTTP {string.Join('/', h.Methods)}", rows[function.Name], StringComparison.Ordinal);
                Assert.Contains(h.Auth.ToString().ToLowerInvariant(), rows[function.Name], StringComparison.Ordinal);
            }
        }
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


    [GeneratedRegex(@"^\| `(?<name>[A-Za-z][A-Za-z0-9_-]*)` \|.*$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
