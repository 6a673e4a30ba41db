using Shop.Functions.Tests.Orders;

namespace Shop.Functions.Tests.Returns;

/// <summary>A test class of return tests: one app per class (<typeparamref name="TFactory"/>), and a return client on it.</summary>
public abstract class ReturnTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : ReturnAppFactory
{
    protected TFactory App { get; } = app;

    internal ReturnTestClient Shop { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Shop = new ReturnTestClient(App);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
