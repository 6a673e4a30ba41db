using Shop.Testing.Fakes;

namespace Shop.Functions.Tests.Orders;

/// <summary>The order app sending its email through the real SendGrid SDK to a local fake that a test can take down.</summary>
public sealed class SendGridOutageOrderAppFactory : OrderAppFactory
{
    public FakeSendGridApi SendGrid { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // Each test of the class initializes the shared app: the fake starts once, with the app that points at it.
        SendGrid ??= await FakeSendGridApi.StartAsync();
        Settings["SendGrid__ApiKey"] = FakeSendGridApi.ApiKey;
        Settings["SendGrid__Host"] = SendGrid.BaseAddress.ToString();
        Settings["SendGrid__FromAddress"] = "orders@shop.example";
        Settings["SendGrid__MaxRetries"] = "0";
        Settings["Email__FirstRetryDelay"] = "00:00:00.500";
        Settings["Email__MaxRetryDelay"] = "00:00:01";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
