using Shop.Functions;
using Shop.Hosting.Http;

// Under the Functions host (in Azure, or func start) the app is its isolated worker; run on its own (dotnet run, the
// tests) it is the local host. Both run the same [Function] methods.
if (WorkerApplicationExtensions.IsStartedByFunctionsHost(args))
{
    ShopApp.BuildWorker(args).Run();
    return;
}

ShopApp.BuildLocalHost(args).Run();

/// <summary>The app's entry point (public for the HTTP tests' <c>WebApplicationFactory</c>).</summary>
public partial class Program;
