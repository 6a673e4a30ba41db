using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Shop.Durable.Core;

namespace Shop.Durable;

/// <summary>
/// The Durable Task worker of the embedded backend, built for the app's worker when <c>Durable__Backend</c> is
/// <c>Embedded</c> (see <see cref="BackendDurableTaskWorker"/>), as <c>UseGrpc()</c> builds Microsoft's gRPC worker.
/// It hands the tasks registered with Microsoft's <c>DurableTaskRegistry</c> to the engine; the engine itself runs on
/// the app's queue and timer triggers, so there is no loop to run here.
/// </summary>
public sealed class EmbeddedDurableTaskWorker : DurableTaskWorker
{
    public EmbeddedDurableTaskWorker(string name, IDurableTaskFactory factory, IServiceProvider services)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetRequiredService<DurableEngine>().Attach(factory);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
