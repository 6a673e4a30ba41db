using Shop.Testing.Benchmarks;

namespace Shop.Durable.Benchmarks;

internal sealed record WorkloadResult(string Engine, string Name, int Count, int Concurrency, TimeSpan Elapsed, int Steps, StorageOperations Ops, double P50, double P99)
{
    public double OrchestrationsPerSecond => Count / Elapsed.TotalSeconds;

    public double StepsPerSecond => Steps / Elapsed.TotalSeconds;

    public double WorkOpsPerStep => (double)Ops.Work / Steps;

    public double AllOpsPerStep => (double)Ops.All / Steps;

    public double QueueMessagesPerOrchestration => (double)Ops.QueueSends / Count;
}
