namespace Shop.Functions.Tests.Orders;

/// <summary>A test class of order tests: one app per class (<typeparamref name="TFactory"/>), and a shop client on it.</summary>
public abstract class OrderTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : OrderAppFactory
{
    protected TFactory App { get; } = app;

    internal OrderTestClient Shop { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Shop = new OrderTestClient(App);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
