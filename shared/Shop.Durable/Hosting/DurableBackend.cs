namespace Shop.Durable;

/// <summary>Where the app's orchestrations run (<c>Durable__Backend</c>).</summary>
public enum DurableBackend
{
    /// <summary>The embedded engine, on the app's own storage account (the local default).</summary>
    Embedded,

    /// <summary>
    /// A Durable Task gRPC sidecar at <c>Durable__GrpcEndpoint</c> (Microsoft's gRPC worker and client), e.g. the Durable
    /// Task Framework's Azure Storage provider behind the in-process test host's <c>TaskHubGrpcServer</c>, as the
    /// conformance lane runs it.
    /// </summary>
    Grpc,
}
