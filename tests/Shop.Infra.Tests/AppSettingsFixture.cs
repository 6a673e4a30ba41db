using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;
using Shop.Testing;

namespace Shop.Infra.Tests;

/// <summary>
/// The settings the app reads, derived from the app itself (so the list stays right as areas are added): every
/// <see cref="SettingsSection"/> registered through <c>AddShopOptions</c> in the built app, plus what the function
/// declarations name — queue connections and <c>%Setting%</c> expressions the Functions host resolves.
/// </summary>
public sealed partial class AppSettingsFixture : IAsyncLifetime
{
    /// <summary>Setting name → what reads it (for failure messages).</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<SettingsSection> Sections { get; private set; } = [];

    /// <summary>
    /// Settings bound to a list or dictionary property (e.g. <c>Pricing__TaxRates</c>): they may be empty, so they may be
    /// absent; when given, they are given as children (<c>Pricing__TaxRates__CA</c>).
    /// </summary>
    public IReadOnlySet<string> Collections { get; private set; } = new HashSet<string>();

    public async Task InitializeAsync()
    {
        var connectionString = await SharedAzurite.GetConnectionStringAsync();
        await using var factory = new SettingsAppFactory(connectionString);
        Sections = factory.Services.GetServices<SettingsSection>().ToList();

        var settings = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var collections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in Sections)
        {
            foreach (var name in section.SettingNames())
            {
                settings[name] = $"{section.OptionsType.Name} (section '{section.Section}')";
                var property = section.OptionsType.GetProperty(name[(name.LastIndexOf("__", StringComparison.Ordinal) + 2)..]);
                if (property is not null && property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType))
                {
                    collections.Add(name);
                }
            }
        }

        Collections = collections;

        foreach (var function in FunctionCatalog.FromAssembly(typeof(Program).Assembly))
        {
            switch (function.Trigger)
            {
                case QueueTrigger queue:
                    settings[queue.Connection] = $"the connection of queue function '{function.Name}'";
                    AddExpressions(settings, queue.QueueName, function.Name);
                    break;
                case TimerTrigger timer:
                    AddExpressions(settings, timer.Schedule, function.Name);
                    break;
            }
        }

        AppSettings = settings;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void AddExpressions(SortedDictionary<string, string> settings, string value, string function)
    {
        foreach (Match match in SettingExpressionPattern().Matches(value))
        {
            settings[match.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)] = $"the %expression% of function '{function}'";
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingExpressionPattern();

    /// <summary>The whole app, built (and started) only to read its service registrations.</summary>
    private sealed class SettingsAppFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Hosting:StartAzurite"] = "false",
                ["Hosting:LocalTriggers"] = "false",
                ["Admin:ApiKey"] = "settings-test-admin-key",
            }));
        }
    }
}
