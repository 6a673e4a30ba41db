using System.Collections.Concurrent;

namespace Shop.LoadTests;

/// <summary>What the chaos run's shoppers did: the orders they placed (with their story), calls sent again because the app did not answer, errors.</summary>
internal sealed class ChaosTally
{
    private readonly ConcurrentDictionary<string, ChaosStory> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _repeats = new(StringComparer.Ordinal);

    /// <summary>Every order a shopper got an id for, with the story it was placed for.</summary>
    public IReadOnlyDictionary<string, ChaosStory> Orders => _orders;

    /// <summary>Calls sent again, by kind: after no answer, or a repeat that found its first attempt applied.</summary>
    public IReadOnlyDictionary<string, int> Repeats => _repeats;

    public Recorder Errors { get; } = new();

    public void Placed(string orderId, ChaosStory story) => _orders[orderId] = story;

    public void Repeated(string kind) => _repeats.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
