using Microsoft.Extensions.Configuration;
using Shop.Hosting.Configuration;

namespace Shop.Hosting.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void LocalSettings_ValuesBecomeSettings_WithDoubleUnderscoreAsSection()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("settings").FullName, "local.settings.json");
        File.WriteAllText(path, """
            { "IsEncrypted": false, "Values": { "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Stripe__SecretKey": "sk_test_x", "Jobs__Count": 3 } }
            """);

        var configuration = new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(path)).Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("sk_test_x", configuration["Stripe:SecretKey"]);
        Assert.Equal("3", configuration["Jobs:Count"]);
    }

    [Fact]
    public void LocalSettings_AreOverriddenBySourcesAddedAfterThem()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("settings").FullName, "local.settings.json");
        File.WriteAllText(path, """{ "Values": { "Stripe__SecretKey": "from-file" } }""");

        var configuration = new ConfigurationBuilder()
            .Add(new LocalSettingsConfigurationSource(path))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Stripe:SecretKey"] = "from-environment" })
            .Build();

        Assert.Equal("from-environment", configuration["Stripe:SecretKey"]);
    }

    [Fact]
    public void SettingExpression_ResolvesPercentSettings_AndRefusesMissingOnes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Durable:TaskHub"] = "shop",
            ["Schedule"] = "0 0 * * * *",
        }).Build();

        Assert.Equal("shop-control-00", SettingExpression.Resolve("%Durable__TaskHub%-control-00", configuration));
        Assert.Equal("0 0 * * * *", SettingExpression.Resolve("%Schedule%", configuration));
        Assert.Throws<InvalidOperationException>(() => SettingExpression.Resolve("%Missing%", configuration));
    }

    [Fact]
    public void HostJson_ReadsRoutePrefixAndQueueSettings()
    {
        var host = HostJson.Parse("""
            { "version": "2.0",
              "extensions": { "http": { "routePrefix": "shop" },
                              "queues": { "batchSize": 8, "newBatchThreshold": 2, "maxPollingInterval": "00:00:03", "visibilityTimeout": "00:00:10", "maxDequeueCount": 4 } } }
            """);

        Assert.Equal("shop", host.RoutePrefix);
        Assert.Equal(8, host.Queues.BatchSize);
        Assert.Equal(2, host.Queues.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.FromSeconds(3), host.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), host.Queues.VisibilityTimeout);
        Assert.Equal(4, host.Queues.MaxDequeueCount);
    }

    [Fact]
    public void HostJson_Defaults_AreTheFunctionsHostDefaults()
    {
        var host = HostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(16, host.Queues.BatchSize);
        Assert.Equal(8, host.Queues.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), host.Queues.MaxPollingInterval);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
    }
}
