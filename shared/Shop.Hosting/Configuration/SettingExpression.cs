using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Shop.Hosting.Configuration;

/// <summary>Resolves <c>%Setting%</c> expressions the way the Functions host does in trigger attributes.</summary>
public static partial class SettingExpression
{
    /// <summary>Replaces every <c>%Name%</c> with the setting's value; a missing setting is an error.</summary>
    public static string Resolve(string expression, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(configuration);
        return Pattern().Replace(expression, match =>
        {
            var name = match.Groups[1].Value;
            var value = configuration[name] ?? configuration[name.Replace("__", ":", StringComparison.Ordinal)];
            return value ?? throw new InvalidOperationException($"The setting '{name}' used in '{expression}' is not set.");
        });
    }

    [GeneratedRegex("%([A-Za-z0-9_:.-]+)%")]
    private static partial Regex Pattern();
}
