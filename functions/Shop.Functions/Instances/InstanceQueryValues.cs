using System.Globalization;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Http;

namespace Shop.Functions.Instances;

/// <summary>The query-string values of the instance endpoints: runtime statuses and times, refused with a 400 naming the parameter.</summary>
internal static class InstanceQueryValues
{
    /// <summary>A comma-separated list of runtime statuses (names, any case), each one of <paramref name="allowed"/> when given.</summary>
    public static List<OrchestrationRuntimeStatus> Statuses(HttpRequest request, string name, IReadOnlyCollection<OrchestrationRuntimeStatus>? allowed = null)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var part in (QueryValues.Text(request, name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(part, out _)
                || (allowed is not null && !allowed.Contains(parsed)))
            {
                var names = allowed?.Select(s => s.ToString()) ?? Enum.GetNames<OrchestrationRuntimeStatus>();
                throw ProblemException.Validation(name, $"'{part}' is not a status here; use {string.Join(", ", names)}.");
            }

            statuses.Add(parsed);
        }

        return statuses;
    }

    /// <summary>A date and time (ISO 8601; UTC unless it says otherwise), or null when the parameter is absent.</summary>
    public static DateTimeOffset? Time(HttpRequest request, string name) => QueryValues.Text(request, name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => throw ProblemException.Validation(name, $"{name} must be a date and time (ISO 8601)."),
    };
}
