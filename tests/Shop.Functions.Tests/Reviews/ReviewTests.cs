namespace Shop.Functions.Tests.Reviews;

/// <summary>A test class of review tests: one app per class (<typeparamref name="TFactory"/>), and a review client on it.</summary>
public abstract class ReviewTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : ReviewAppFactory
{
    protected TFactory App { get; } = app;

    internal ReviewTestClient Reviews { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Reviews = new ReviewTestClient(App);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
