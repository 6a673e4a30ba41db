namespace Shop.LoadTests;

/// <summary>The settings the load test runs the app with: Development (the simulated gateway, the email outbox), its own keys, the demo catalog.</summary>
internal static class AppSettings
{
    public const string AdminKey = "load-test-admin-key";
    public const string CarrierSecret = "load-test-carrier-secret";

    /// <summary>The app's environment for a run on <paramref name="storage"/> (a connection string); Azurite is the load test's, not the app's.</summary>
    public static Dictionary<string, string> For(string storage) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["AzureWebJobsStorage"] = storage,
        ["Hosting__StartAzurite"] = "false",
        ["Admin__ApiKey"] = AdminKey,
        ["Carrier__WebhookSecret"] = CarrierSecret,
        ["Catalog__SeedDemoData"] = "true",
        ["Telemetry__Exporter"] = "none",
    };
}
