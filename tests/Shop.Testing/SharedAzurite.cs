using Shop.Hosting.Azurite;

namespace Shop.Testing;

/// <summary>
/// One private Azurite per test run (per test assembly): started on free loopback ports with in-memory
/// persistence at first use, shared by every test, stopped when the test process exits — and, through its
/// watchdog, even when the test process is killed.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared emulator, started on first use.</summary>
    public static Task<AzuriteProcess> GetAsync() => Instance.Value;

    /// <summary>A connection string for the shared emulator.</summary>
    public static async Task<string> GetConnectionStringAsync() => (await GetAsync()).ConnectionString;

    private static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
        {
            BlobPort = AzuriteProcess.FindFreePort(),
            QueuePort = AzuriteProcess.FindFreePort(),
            TablePort = AzuriteProcess.FindFreePort(),
            Location = null,
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
