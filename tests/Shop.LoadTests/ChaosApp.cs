namespace Shop.LoadTests;

/// <summary>
/// The app through its lives in a chaos run: started, killed with SIGKILL, started again on the same port with the same
/// settings. It counts, over every life, the log lines that show recovery at work: instances the recovery sweep took
/// over, and emails whose send was repeated and absorbed by the outbox's idempotency key.
/// </summary>
internal sealed class ChaosApp(string dll, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    // The embedded engine's recovery sweep (RecoverySweep, event 1104) and the outbox sender (event 5102), as they log.
    private const string RecoveringLine = "Recovering instance '";
    private const string AlreadySentLine = "was already sent as";

    private const int FailuresKept = 10;

    private readonly HashSet<string> _recovered = new(StringComparer.Ordinal);
    private readonly List<string> _firstFailures = [];
    private readonly Lock _lock = new();
    private AppProcess? _app;
    private int? _port; // the first life's, kept for every later one
    private int _alreadySent;
    private int _warnings;
    private int _failures;

    /// <summary>The app's base address: the same in every life.</summary>
    public Uri BaseAddress => _app?.BaseAddress ?? throw new InvalidOperationException("The app has not been started.");

    public int? Pid => _app?.Pid;

    /// <summary>How many times the app was started (the first start included).</summary>
    public int Lives { get; private set; }

    /// <summary>Instances the recovery sweep took over from a dead process, over every life (by id, each once).</summary>
    public IReadOnlyCollection<string> RecoveredInstances
    {
        get
        {
            lock (_lock)
            {
                return [.. _recovered];
            }
        }
    }

    /// <summary>Emails sent again with a key already used (a step run again after a kill), which the outbox stored once.</summary>
    public int AlreadySentEmails => Volatile.Read(ref _alreadySent);

    /// <summary>Log lines at Warning, and at Error or Critical, over every life.</summary>
    public (int Warnings, int Failures) LoggedProblems
    {
        get
        {
            var (warnings, failures) = _app?.LoggedProblems ?? (0, 0);
            return (Volatile.Read(ref _warnings) + warnings, Volatile.Read(ref _failures) + failures);
        }
    }

    /// <summary>The first lines the app logged at Error or Critical, over every life.</summary>
    public IReadOnlyList<string> FirstFailures
    {
        get
        {
            lock (_lock)
            {
                return [.. _firstFailures];
            }
        }
    }

    public string RecentOutput() => _app?.RecentOutput() ?? string.Empty;

    /// <summary>Starts the app (on the port of its first life) and waits until it answers /api/health.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The app is running; kill it first.");
        }

        _app = await AppProcess.StartAsync(dll, settings, LoadOptions.ChaosRestartTimeout, cancellationToken, _port, Observe);
        _port = _app.Port;
        Lives++;
    }

    /// <summary>Kills the app with SIGKILL (the whole process tree of its watchdog shell; Azurite is not in it) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        var app = _app ?? throw new InvalidOperationException("The app is not running.");
        _app = null;
        if (!await app.KillAsync())
        {
            throw new InvalidOperationException($"The app (pid {app.Pid}) did not die within 10 s of SIGKILL.");
        }

        var (warnings, failures) = app.LoggedProblems;
        Interlocked.Add(ref _warnings, warnings);
        Interlocked.Add(ref _failures, failures);
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private void Observe(string line)
    {
        var recovering = line.IndexOf(RecoveringLine, StringComparison.Ordinal);
        if (recovering >= 0)
        {
            var start = recovering + RecoveringLine.Length;
            var end = line.IndexOf('\'', start);
            if (end > start)
            {
                lock (_lock)
                {
                    _recovered.Add(line[start..end]);
                }
            }
        }
        else if (line.Contains(AlreadySentLine, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _alreadySent);
        }
        else if (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                if (_firstFailures.Count < FailuresKept)
                {
                    _firstFailures.Add(line.Length > 400 ? line[..400] : line);
                }
            }
        }
    }
}
