using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shop.Durable;

/// <summary>
/// The build target of the app's Durable Task worker: the worker of the backend that <c>Durable__Backend</c> selects,
/// chosen when the worker is built (settings are read then, not when services are registered).
/// <see cref="DurableBackend.Embedded"/> builds <see cref="EmbeddedDurableTaskWorker"/>; <see cref="DurableBackend.Grpc"/>
/// builds Microsoft's gRPC worker, as <c>UseGrpc(address)</c> would, on <c>Durable__GrpcEndpoint</c>.
/// </summary>
public sealed class BackendDurableTaskWorker : DurableTaskWorker
{
    /// <summary>The worker type <c>UseGrpc()</c> builds (Microsoft keeps it internal; its builder names it).</summary>
    private static readonly Type GrpcWorker = new DefaultDurableTaskWorkerBuilder(null, new ServiceCollection()).UseGrpc().BuildTarget
        ?? throw new InvalidOperationException("UseGrpc() set no build target.");

    private readonly DurableTaskWorker _inner;

    public BackendDurableTaskWorker(string name, IDurableTaskFactory factory, IServiceProvider services, IOptions<DurableOptions> options)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        Backend = options.Value.Backend;
        _inner = Backend switch
        {
            DurableBackend.Grpc => (DurableTaskWorker)ActivatorUtilities.CreateInstance(services, GrpcWorker, name, factory),
            _ => new EmbeddedDurableTaskWorker(name, factory, services),
        };
    }

    /// <summary>The backend this worker runs on.</summary>
    public DurableBackend Backend { get; }

    public override Task StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    public override Task StopAsync(CancellationToken cancellationToken) => _inner.StopAsync(cancellationToken);

    public override void Dispose()
    {
        _inner.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
