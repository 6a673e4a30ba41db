using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using Shop.Testing;

namespace Shop.Functions.Tests.Instances;

/// <summary>The app on its own task hub, with a small orchestration to manage through the admin API.</summary>
public sealed class InstancesAppFactory : ShopAppFactory
{
    public InstancesAppFactory()
    {
        Settings["Durable__TaskHub"] = AzuriteFixture.UniqueName("adm");
    }

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddShopDurable(r => r
            .AddActivityFunc<string, string>("AdminTestGreet", (_, name) => $"Hello {name}")
            .AddOrchestratorFunc<string, string>("AdminTestApproval", async (ctx, name) =>
            {
                var greeting = await ctx.CallActivityAsync<string>("AdminTestGreet", name);
                ctx.SetCustomStatus("waiting for approval");
                var decision = await ctx.WaitForExternalEvent<Decision>("Approved");
                return $"{greeting}: {decision.By}";
            })));
    }
}
