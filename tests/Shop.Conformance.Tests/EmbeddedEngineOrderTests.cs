namespace Shop.Conformance.Tests;

/// <summary>The order scenarios on the embedded engine.</summary>
public sealed class EmbeddedEngineOrderTests(EmbeddedEngineApp app) : OrderConformanceTests<EmbeddedEngineApp>(app);
