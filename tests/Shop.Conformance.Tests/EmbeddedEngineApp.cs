using Microsoft.DurableTask.Client;
using Shop.Durable;

namespace Shop.Conformance.Tests;

/// <summary>The app on the embedded engine (the default backend), its task hub in the shared Azurite.</summary>
public sealed class EmbeddedEngineApp : ConformanceApp
{
    public override TimeSpan StepDeadline => TimeSpan.FromSeconds(45);

    public override async Task AssertWorkflowRanHereAsync(string orderId)
    {
        var client = Services.GetRequiredService<DurableTaskClient>();
        Assert.IsType<EmbeddedDurableTaskClient>(client);
        Assert.NotNull(await client.GetInstanceAsync(orderId));
    }

    protected override Task<IReadOnlyDictionary<string, string>> StartBackendAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Durable__Backend"] = "Embedded" });
}
