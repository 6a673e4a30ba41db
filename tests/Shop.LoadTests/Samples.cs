namespace Shop.LoadTests;

/// <summary>Latencies in milliseconds, added from any thread; percentiles by nearest rank.</summary>
internal sealed class Samples
{
    private readonly Lock _lock = new();
    private List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _values.Add(milliseconds);
        }
    }

    /// <summary>Everything added since the last call, sorted; starts a new collection.</summary>
    public double[] Drain()
    {
        List<double> taken;
        lock (_lock)
        {
            (taken, _values) = (_values, []);
        }

        var sorted = taken.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The nearest-rank percentile of sorted values (0 when there are none).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
