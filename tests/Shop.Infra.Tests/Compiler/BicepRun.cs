using System.Text.RegularExpressions;

namespace Shop.Infra.Tests.Compiler;

/// <summary>One run of the Bicep CLI: its exit code, what it printed, and the diagnostics it reported.</summary>
internal sealed partial record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The diagnostics on standard error (<c>file(line,column) : Level code: message</c>).</summary>
    public IReadOnlyList<BicepDiagnostic> Diagnostics => Lines(StandardError)
        .Select(line => DiagnosticPattern().Match(line))
        .Where(m => m.Success)
        .Select(m => new BicepDiagnostic(
            m.Groups["file"].Value,
            int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["level"].Value,
            m.Groups["code"].Value,
            m.Groups["message"].Value))
        .ToList();

    /// <summary>
    /// Why this run is not clean, or empty when it is: a non-zero exit code, any error or warning, and any line on
    /// standard error that is not a diagnostic (so a crash or an unexpected message is never taken for success).
    /// </summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (ExitCode != 0)
            {
                problems.Add($"bicep {Command} exited with {ExitCode}");
            }

            problems.AddRange(Diagnostics.Where(d => d.Level is "Error" or "Warning").Select(d => d.ToString()));
            problems.AddRange(Lines(StandardError).Where(line => !DiagnosticPattern().IsMatch(line)).Select(line => "unexpected output: " + line));
            return problems;
        }
    }

    /// <summary>For a failure message: the command and everything the compiler printed on standard error.</summary>
    public string Report => $"bicep {Command} (exit code {ExitCode}):\n{StandardError}";

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:]+): (?<message>.*)$")]
    private static partial Regex DiagnosticPattern();
}
