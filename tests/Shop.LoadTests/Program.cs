using System.Globalization;
using System.Runtime.InteropServices;
using Shop.LoadTests;

// The order pipeline under load: Azurite's raw capacity, then the real app (a child process) with concurrent shoppers.
// Usage: dotnet run -c Release --project tests/Shop.LoadTests [-- --shoppers 10 --duration 45s --orders 0]
// Chaos mode (the app killed with SIGKILL and restarted while shoppers order; then every order checked): -- --chaos 20
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    if (error is { Length: > 0 })
    {
        Console.Error.WriteLine(error);
    }

    Console.WriteLine(LoadOptions.Usage);
    return error is { Length: > 0 } ? 2 : 0;
}

// Ctrl+C, a SIGTERM or the time limit stop the run cleanly: the app and the emulator are stopped on the way out.
using var stop = new CancellationTokenSource(options.HardLimit);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    return options.Chaos > 0 ? await ChaosRun.RunAsync(options, stop.Token) : await LoadRun.RunAsync(options, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"Stopped before the end (Ctrl+C or the {options.HardLimit.TotalMinutes:0}-minute limit); the emulator and the app were stopped.");
    return 3;
}
