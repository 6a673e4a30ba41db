using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Durable.Tests;

/// <summary>How a <see cref="DurableTestHost"/> differs from the default.</summary>
public sealed class DurableTestHostOptions
{
    /// <summary>Extra settings (<c>Durable__RecoverAfter</c>, ...).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public string RecoverySchedule { get; set; } = DurableTestHost.NoSweep;

    public TimeProvider? Time { get; set; }

    public List<HttpPipelinePolicy> Policies { get; } = [];

    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
