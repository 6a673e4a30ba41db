namespace Shop.Conformance.Tests;

/// <summary>The order scenarios on Microsoft's engine: the Durable Task Framework's Azure Storage provider behind the gRPC sidecar.</summary>
public sealed class DtfxAzureStorageOrderTests(DtfxAzureStorageApp app) : OrderConformanceTests<DtfxAzureStorageApp>(app);
