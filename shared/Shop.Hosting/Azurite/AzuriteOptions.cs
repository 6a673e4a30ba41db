namespace Shop.Hosting.Azurite;

/// <summary>How to start a local Azurite storage emulator.</summary>
public sealed class AzuriteOptions
{
    public int BlobPort { get; init; } = 10000;

    public int QueuePort { get; init; } = 10001;

    public int TablePort { get; init; } = 10002;

    /// <summary>The data folder; null keeps everything in memory (tests).</summary>
    public string? Location { get; init; }

    /// <summary>Folders to search upwards from for <c>node_modules/azurite</c>.</summary>
    public IReadOnlyList<string> SearchFrom { get; init; } = [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];

    /// <summary>How long to wait for the emulator's ports to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
