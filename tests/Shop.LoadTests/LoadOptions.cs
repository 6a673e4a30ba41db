using System.Globalization;
using System.Reflection;

namespace Shop.LoadTests;

/// <summary>The command line: <c>--shoppers 10 --duration 60s --orders 0 --wait-s 10 --poll-ms 25 --step-timeout 30s --direct --app PATH</c>; chaos mode: <c>--chaos 20 --chaos-seed N --chaos-gap 4s --drain 120s</c>.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        Order pipeline load test: starts Azurite and the built app, measures the emulator, then runs concurrent shoppers.
        Usage: dotnet run -c Release --project tests/Shop.LoadTests [-- options]
          --shoppers N        concurrent shoppers (default 10)
          --duration T        how long to start new orders, e.g. 60s, 2m (default 45s); orders in flight then finish
          --orders N          stop after N measured orders (default 0: no limit, the duration decides)
          --warmup N          orders per shopper before measuring (default 2)
          --wait-s N          a shopper waits for its order's next change with If-None-Match + Prefer: wait=N (default 10);
                              0: it polls instead (see --poll-ms)
          --poll-ms N         with --wait-s 0, how often a shopper polls its order until Confirmed (default 25; later every 100)
          --step-timeout T    longest wait for one status change (default 30s; with --chaos 90s, and a call the
                              app does not answer is retried until then)
          --direct            no counting relay in front of Azurite (storage operations are then not counted)
          --app PATH          the app to run (default: functions/Shop.Functions/bin/<configuration>/net10.0/Shop.Functions.dll)
          --seed N            random seed for the shoppers' choices (default 1)
        Chaos mode (kill -9 the app while shoppers check out, ship and cancel; then check every order):
          --chaos N           kill the app N times at random moments and restart it each time (default 0: off)
          --chaos-seed N      random seed for the moments of the kills (default: a new one each run, printed)
          --chaos-gap T       mean time the app runs between a restart and the next kill (default 4s; each gap is
                              drawn between half and one and a half of it)
          --drain T           after the last kill, how long every order may take to reach its end state (default 120s)
        """;

    public int Shoppers { get; init; } = 10;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(45);

    public int Orders { get; init; }

    public int WarmupOrdersPerShopper { get; init; } = 2;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long one waiting status request may wait for a change (0: poll every <see cref="PollInterval"/> instead).</summary>
    public int WaitSeconds { get; init; } = 10;

    /// <summary>How a shopper follows its order, for the report.</summary>
    public string StatusMethod => WaitSeconds > 0
        ? $"status followed with waiting requests (If-None-Match + Prefer: wait={WaitSeconds})"
        : $"status polled every {PollInterval.TotalMilliseconds:0} ms until Confirmed and every {Math.Max(100, PollInterval.TotalMilliseconds):0} ms after";

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Direct { get; init; }

    public string AppPath { get; init; } = DefaultAppPath();

    public int Seed { get; init; } = 1;

    /// <summary>Chaos mode: how many times the app is killed (0: the load test as usual).</summary>
    public int Chaos { get; init; }

    /// <summary>Chaos mode: the seed of the kills' moments.</summary>
    public int ChaosSeed { get; init; } = Random.Shared.Next();

    /// <summary>Chaos mode: the mean time the app runs between being healthy again and the next kill.</summary>
    public TimeSpan ChaosGap { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Chaos mode: how long the orders may take to reach their end states after the shoppers stop.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The whole run stops by itself after this, whatever happens.</summary>
    public TimeSpan HardLimit => Chaos > 0
        ? (ChaosGap * 1.5 + ChaosRestartTimeout) * Chaos + StepTimeout * 2 + Drain + TimeSpan.FromMinutes(3)
        : Duration + StepTimeout * 4 + TimeSpan.FromMinutes(2);

    /// <summary>Chaos mode: longest wait for the app to answer /api/health after a restart.</summary>
    public static TimeSpan ChaosRestartTimeout => TimeSpan.FromSeconds(60);

    /// <summary>Null with <paramref name="error"/> set when the command line is wrong or asks for help.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions();
        var stepTimeoutSet = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value.");
            try
            {
                options = name switch
                {
                    "--shoppers" => options with { Shoppers = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), name) },
                    "--duration" => options with { Duration = Time(Value(), name) },
                    "--orders" => options with { Orders = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--warmup" => options with { WarmupOrdersPerShopper = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--poll-ms" => options with { PollInterval = TimeSpan.FromMilliseconds(Positive(int.Parse(Value(), CultureInfo.InvariantCulture), name)) },
                    "--wait-s" => options with { WaitSeconds = Math.Clamp(int.Parse(Value(), CultureInfo.InvariantCulture), 0, 30) },
                    "--step-timeout" => options with { StepTimeout = Time(Value(), name) },
                    "--chaos" => options with { Chaos = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--chaos-seed" => options with { ChaosSeed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--chaos-gap" => options with { ChaosGap = Time(Value(), name) },
                    "--drain" => options with { Drain = Time(Value(), name) },
                    "--direct" => options with { Direct = true },
                    "--app" => options with { AppPath = Path.GetFullPath(Value()) },
                    "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--help" or "-h" => throw new FormatException(string.Empty),
                    _ => throw new FormatException($"Unknown option {name}."),
                };
                stepTimeoutSet |= name == "--step-timeout";
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        // Under chaos a step also waits out restarts and the recovery sweep, so it gets longer unless it was set.
        return options.Chaos > 0 && !stepTimeoutSet ? options with { StepTimeout = ChaosStepTimeout } : options;
    }

    /// <summary>Chaos mode's default <see cref="StepTimeout"/>.</summary>
    public static TimeSpan ChaosStepTimeout => TimeSpan.FromSeconds(90);

    private static int Positive(int value, string name) => value > 0 ? value : throw new FormatException($"{name} must be at least 1.");

    /// <summary>"90", "90s", "2m" or "00:01:30".</summary>
    private static TimeSpan Time(string text, string name)
    {
        var value = text.Trim();
        var time = value.EndsWith('m') && double.TryParse(value[..^1], CultureInfo.InvariantCulture, out var minutes) ? TimeSpan.FromMinutes(minutes)
            : double.TryParse(value.TrimEnd('s'), CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new FormatException($"{name} must be a time such as 60s, 2m or 00:01:30.");
        return time > TimeSpan.Zero ? time : throw new FormatException($"{name} must be positive.");
    }

    private static string DefaultAppPath() =>
        typeof(LoadOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ShopFunctionsDll")?.Value
        ?? throw new InvalidOperationException("The build did not record where Shop.Functions.dll is; pass --app.");
}
