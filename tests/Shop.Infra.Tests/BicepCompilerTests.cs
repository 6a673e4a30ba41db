using Shop.Infra.Tests.Compiler;
using Xunit.Abstractions;

namespace Shop.Infra.Tests;

/// <summary>
/// infra/ passes the real Bicep compiler and its linter (Azure.Bicep.CommandLine, restored with this project) without
/// a single error or warning: syntax, types, API versions and property names against Azure's type library, and the
/// linter's rules (e.g. secrets in @secure() parameters).
/// </summary>
public sealed class BicepCompilerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MainBicep_Builds_WithoutErrorsOrWarnings()
    {
        var compiled = await CompiledMain.LoadAsync();
        output.WriteLine(compiled.Build.Report);

        Assert.True(compiled.Build.Problems.Count == 0, string.Join("\n", compiled.Build.Problems) + "\n\n" + compiled.Build.Report);
        Assert.Contains("subscriptionDeploymentTemplate.json", compiled.Template.Schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfraBicepFiles_Lint_WithoutErrorsOrWarnings()
    {
        // Every .bicep file under infra/ (main.bicep and each module), so a file no module uses is linted too.
        var lint = await BicepCli.RunAsync(Repository.Infra, "lint", "--pattern", "**/*.bicep");
        output.WriteLine(lint.Report);

        Assert.True(lint.Problems.Count == 0, string.Join("\n", lint.Problems) + "\n\n" + lint.Report);
    }

    [Fact]
    public async Task Lint_ReportsErrorsAndWarnings_OfBrokenBicep()
    {
        // Guards the two tests above: a broken file must come out as problems, not as a clean run.
        var directory = Directory.CreateTempSubdirectory("shop-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "broken.bicep");
            await File.WriteAllTextAsync(file, """
                param adminPassword string
                param retries int = 'three'
                output secretLength int = length(adminPassword) + retries
                """);

            var lint = await BicepCli.RunAsync(directory.FullName, "lint", file);
            output.WriteLine(lint.Report);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(lint.Diagnostics, d => d is { Level: "Warning", Code: "secure-secrets-in-params", Line: 1 });
            Assert.Contains(lint.Diagnostics, d => d is { Level: "Error", Line: 2 });
            Assert.Equal(lint.Diagnostics.Count(d => d.Level is "Error" or "Warning") + 1, lint.Problems.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
