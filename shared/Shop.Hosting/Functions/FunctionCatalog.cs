using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace Shop.Hosting.Functions;

/// <summary>
/// The functions the local host runs. The app's own come from its <c>[Function]</c> methods and their trigger
/// attributes (<see cref="FromAssembly"/>), the same attributes the Functions worker SDK turns into
/// <c>functions.metadata</c> for Azure; a backend may add internal queue and timer triggers of its own
/// (<see cref="MapQueue"/>, <see cref="MapTimer"/>), which run locally only.
/// </summary>
public sealed partial class FunctionCatalog : IReadOnlyList<FunctionDeclaration>
{
    /// <summary>The connection setting used when a queue function names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    private readonly List<FunctionDeclaration> _functions = [];

    public int Count => _functions.Count;

    public FunctionDeclaration this[int index] => _functions[index];

    /// <summary>Every <c>[Function]</c> method of the assembly's public types.</summary>
    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FromTypes(assembly.GetExportedTypes());
    }

    /// <summary>Every <c>[Function]</c> method of the given types.</summary>
    public static FunctionCatalog FromTypes(params IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var catalog = new FunctionCatalog();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    catalog.Add(FunctionMethod.Declare(function.Name, method));
                }
            }
        }

        return catalog;
    }

    /// <summary>Declares a queue-triggered handler that is not a worker function (a local backend's own queue).</summary>
    public FunctionCatalog MapQueue(
        string name,
        string queueName,
        Func<QueueInvocation, CancellationToken, Task> handler,
        string connection = DefaultConnection)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ValidateQueueName(queueName);
        return Add(new FunctionDeclaration(name, new QueueTrigger(queueName, connection)) { QueueHandler = handler });
    }

    /// <summary>Declares a timer-triggered handler that is not a worker function, on a 6-field NCRONTAB schedule or a <c>%Setting%</c> expression.</summary>
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

    internal static void ValidateQueueName(string queueName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        if (!queueName.Contains('%', StringComparison.Ordinal) && !QueueNamePattern().IsMatch(queueName))
        {
            throw new ArgumentException($"'{queueName}' is not a valid storage queue name.", nameof(queueName));
        }
    }

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
