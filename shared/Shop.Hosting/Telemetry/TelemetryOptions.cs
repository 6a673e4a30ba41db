namespace Shop.Hosting.Telemetry;

/// <summary>Tracing settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary><c>none</c> (default), <c>console</c>, or <c>otlp</c> (endpoint from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public string Exporter { get; set; } = "none";

    /// <summary>The service name on every span.</summary>
    public string ServiceName { get; set; } = "shop";
}
