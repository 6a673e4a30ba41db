using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;

namespace Shop.Hosting.Functions;

/// <summary>
/// The list of the app's functions. Each area adds its own with an <c>AddXxxFunctions(this FunctionCatalog)</c>
/// extension; everything the Functions host or the local runtime needs is derived from this one list.
/// </summary>
public sealed partial class FunctionCatalog : IReadOnlyList<FunctionDeclaration>
{
    /// <summary>The connection setting used when a queue function names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    private readonly List<FunctionDeclaration> _functions = [];

    public int Count => _functions.Count;

    public FunctionDeclaration this[int index] => _functions[index];

    /// <summary>Declares an HTTP function served at <c>/{routePrefix}/{route}</c>.</summary>
    public FunctionCatalog MapHttp(
        string name,
        string method,
        string route,
        Delegate handler,
        FunctionAuth auth = FunctionAuth.Anonymous,
        Action<RouteHandlerBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new FunctionDeclaration(name, new HttpTrigger([method.ToUpperInvariant()], route.Trim('/'), auth))
        {
            HttpHandler = handler,
            ConfigureEndpoint = configure,
        });
    }

    /// <summary>Declares a queue-triggered function. The queue name may contain <c>%Setting%</c> expressions.</summary>
    public FunctionCatalog MapQueue(
        string name,
        string queueName,
        Func<QueueInvocation, CancellationToken, Task> handler,
        string connection = DefaultConnection)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        if (!queueName.Contains('%', StringComparison.Ordinal) && !QueueNamePattern().IsMatch(queueName))
        {
            throw new ArgumentException($"'{queueName}' is not a valid storage queue name.", nameof(queueName));
        }

        return Add(new FunctionDeclaration(name, new QueueTrigger(queueName, connection)) { QueueHandler = handler });
    }

    /// <summary>Declares a timer-triggered function on a 6-field NCRONTAB schedule or a <c>%Setting%</c> expression.</summary>
    public FunctionCatalog MapTimer(
        string name,
        string schedule,
        Func<TimerInvocation, CancellationToken, Task> handler,
        bool runOnStartup = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new FunctionDeclaration(name, new TimerTrigger(schedule, runOnStartup)) { TimerHandler = handler });
    }

    /// <summary>Finds a function by name (case-insensitive, as the Functions host does).</summary>
    public FunctionDeclaration? Find(string name) =>
        _functions.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerator<FunctionDeclaration> GetEnumerator() => _functions.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private FunctionCatalog Add(FunctionDeclaration declaration)
    {
        if (!FunctionNamePattern().IsMatch(declaration.Name))
        {
            throw new ArgumentException($"'{declaration.Name}' is not a valid function name (letters, digits, '-' and '_', starting with a letter).");
        }

        if (Find(declaration.Name) is not null)
        {
            throw new InvalidOperationException($"A function named '{declaration.Name}' is declared twice.");
        }

        _functions.Add(declaration);
        return this;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueNamePattern();
}
