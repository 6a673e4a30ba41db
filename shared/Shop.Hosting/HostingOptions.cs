namespace Shop.Hosting;

/// <summary>Settings of the hosting layer (section <c>Hosting</c>).</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Run queue and timer triggers in-process in the local host (default true).</summary>
    public bool LocalTriggers { get; set; } = true;

    /// <summary>
    /// How long a queue message the local triggers are processing stays invisible to other receivers (default 30 s),
    /// renewed every third of it while its function runs: the message of a process that died is delivered again
    /// within this time.
    /// </summary>
    public TimeSpan QueueProcessingLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>In Development, start Azurite when the storage connection is the emulator and nothing answers (default true).</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Azurite's data folder, relative to the repository root (default <c>.azurite</c>).</summary>
    public string AzuriteLocation { get; set; } = ".azurite";

    /// <summary>The local HTTP port when not under the Functions host (default 7071, as <c>func start</c>).</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The largest request body accepted, in bytes (default 1 MiB); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
