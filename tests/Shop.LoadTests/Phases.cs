using System.Diagnostics;
using Shop.Testing.Benchmarks;

namespace Shop.LoadTests;

/// <summary>The run's phases: concurrent shoppers (the warm-up and the measured run) and a lone shopper (the floor, phase by phase).</summary>
internal sealed class Phases(HttpClient http, LoadOptions options, IReadOnlyList<string> skus, string runId, string adminKey, string carrierSecret, StorageOperationCounter? counter, StorageTrace trace)
{
    private int _orderNumber;

    public ShopClient Client(Recorder recorder) => new(http, recorder, adminKey, carrierSecret);

    /// <summary>
    /// One shopper alone: orders one after another, waiting after each phase until storage is quiet, so that each
    /// phase's storage operations are its own. The first order is not reported; the last one's storage
    /// requests are traced one by one.
    /// </summary>
    public async Task<SoloResult> RunSoloAsync(int orders, Recorder recorder, CancellationToken cancellationToken)
    {
        var shopper = new Shopper(Client(recorder), skus, options, runId);
        var random = new Random(options.Seed);
        var perPhase = new Dictionary<string, List<(long Ops, int Polls)>>(StringComparer.Ordinal);
        var results = new List<OrderResult>();
        var traced = new List<(string Phase, IReadOnlyList<string> Requests)>();
        for (var i = 0; i <= orders; i++)
        {
            var measured = i > 0;
            await QuietAsync(cancellationToken);
            trace.Drain();
            trace.Enabled = i == orders;
            var before = counter?.Take() ?? default;
            var pollsBefore = 0;
            var result = await shopper.PlaceOrderAsync(0, Interlocked.Increment(ref _orderNumber), random, async (phase, polls) =>
            {
                if (phase is "checkout")
                {
                    // Checkout starts the workflow: it and the wait for Confirmed are one phase.
                    return;
                }

                await QuietAsync(cancellationToken);
                var now = counter?.Take() ?? default;
                if (measured)
                {
                    perPhase.TryAdd(phase, []);
                    perPhase[phase].Add(((now - before).Work, polls - pollsBefore));
                }

                before = now;
                pollsBefore = polls;
                if (trace.Enabled)
                {
                    traced.Add((phase, trace.Drain()));
                }
            }, cancellationToken);
            trace.Enabled = false;
            recorder.Orders.Enqueue(result);
            if (measured)
            {
                results.Add(result);
            }
        }

        // What one status poll costs, to take the polls out of the phases' counts.
        var probe = results[^1].OrderId;
        var client = Client(new Recorder());
        await QuietAsync(cancellationToken);
        var start = counter?.Take() ?? default;
        const int Probes = 20;
        for (var i = 0; i < Probes; i++)
        {
            await client.GetOrderAsync(probe, cancellationToken);
        }

        await QuietAsync(cancellationToken);
        var perPoll = ((counter?.Take() ?? default) - start).Work / (double)Probes;
        return new SoloResult(
            results,
            perPhase.Select(p => new SoloPhase(p.Key, p.Value.Average(v => v.Ops), p.Value.Average(v => v.Polls))).ToList(),
            perPoll,
            traced);
    }

    /// <summary>Concurrent shoppers, each placing orders back to back until the duration or the order budget runs out; then the orders in flight finish.</summary>
    public async Task<TimeSpan> RunShoppersAsync(int shoppers, TimeSpan duration, int orderBudget, Recorder recorder, int maxErrors, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var claimed = 0;
        await Task.WhenAll(Enumerable.Range(1, shoppers).Select(id => Task.Run(
            async () =>
            {
                var shopper = new Shopper(Client(recorder), skus, options, runId);
                var random = new Random(HashCode.Combine(options.Seed, id, orderBudget));
                while (!cancellationToken.IsCancellationRequested && clock.Elapsed < duration && recorder.ErrorCount < maxErrors)
                {
                    if (orderBudget > 0 && Interlocked.Increment(ref claimed) > orderBudget)
                    {
                        return;
                    }

                    try
                    {
                        recorder.Orders.Enqueue(await shopper.PlaceOrderAsync(id, Interlocked.Increment(ref _orderNumber), random, null, cancellationToken));
                    }
                    catch (LoadException ex)
                    {
                        recorder.Error(ex.Kind, ex.Message);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        recorder.Error(ex.GetType().Name, ex.Message);
                    }
                }
            },
            cancellationToken)));
        return clock.Elapsed;
    }

    /// <summary>Waits until no storage work has been done for 150 ms (at most 3 s).</summary>
    public async Task QuietAsync(CancellationToken cancellationToken)
    {
        if (counter is null)
        {
            await Task.Delay(300, cancellationToken);
            return;
        }

        var limit = Stopwatch.StartNew();
        var last = counter.Take().Work;
        var quietSince = Stopwatch.StartNew();
        while (quietSince.ElapsedMilliseconds < 150 && limit.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(25, cancellationToken);
            var now = counter.Take().Work;
            if (now != last)
            {
                last = now;
                quietSince.Restart();
            }
        }
    }
}

/// <summary>The lone shopper's orders, its storage operations per phase and what one status poll costs.</summary>
internal sealed record SoloResult(IReadOnlyList<OrderResult> Orders, IReadOnlyList<SoloPhase> Phases, double OpsPerPoll, IReadOnlyList<(string Phase, IReadOnlyList<string> Requests)> Trace);

/// <summary>One phase of the lone shopper's orders: storage operations (polls included) and status polls, on average.</summary>
internal sealed record SoloPhase(string Name, double Ops, double Polls);
