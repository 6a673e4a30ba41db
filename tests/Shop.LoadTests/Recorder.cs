using System.Collections.Concurrent;

namespace Shop.LoadTests;

/// <summary>What one phase of the run measured: request latencies by kind, completed orders, errors.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentDictionary<string, Samples> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errorKinds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errorSamples = new();
    private int _errors;

    public ConcurrentQueue<OrderResult> Orders { get; } = new();

    public int ErrorCount => Volatile.Read(ref _errors);

    public IReadOnlyDictionary<string, int> ErrorKinds => _errorKinds;

    public IReadOnlyCollection<string> ErrorSamples => _errorSamples;

    public void Request(string kind, double milliseconds) => _requests.GetOrAdd(kind, _ => new Samples()).Add(milliseconds);

    public IReadOnlyDictionary<string, double[]> DrainRequests() => _requests.ToDictionary(p => p.Key, p => p.Value.Drain(), StringComparer.Ordinal);

    public void Error(string kind, string message)
    {
        Interlocked.Increment(ref _errors);
        _errorKinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (_errorSamples.Count < 10)
        {
            _errorSamples.Enqueue($"{kind}: {message}");
        }
    }
}
