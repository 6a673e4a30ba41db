using System.Collections.Concurrent;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Hosting.Tests;

public sealed class LocalQueueTriggerTests
{
    private const string FastRetries = """
        { "version": "2.0", "extensions": { "queues": { "batchSize": 4, "maxPollingInterval": "00:00:01", "visibilityTimeout": "00:00:00.200", "maxDequeueCount": 3 } } }
        """;

    [Fact]
    public async Task QueueFunction_ReceivesEachMessageOnce_AndTheQueueIsDrained()
    {
        var queue = AzuriteFixture.UniqueName("echo");
        var received = new ConcurrentBag<string>();
        var functions = new FunctionCatalog().MapQueue("Echo", queue, (invocation, _) =>
        {
            received.Add(invocation.Message);
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync(functions, hostJson: FastRetries);
        var sender = app.Services.GetRequiredService<QueueSender>();

        var sent = Enumerable.Range(1, 10).Select(i => $"{{\"n\":{i}}}").ToList();
        foreach (var message in sent)
        {
            await sender.SendAsync(queue, message);
        }

        await Eventually.TrueAsync(() => received.Count >= sent.Count, "all ten messages handled");
        var client = app.Services.GetRequiredService<StorageClientFactory>().GetQueueClient(queue);
        await Eventually.TrueAsync(async () => (await client.PeekMessagesAsync(1)).Value.Length == 0, "the queue to be empty");

        Assert.Equal(sent.Order(), received.Order());
    }

    [Fact]
    public async Task QueueFunction_ThatKeepsFailing_SeesDequeueCountRise_AndTheMessageMovesToPoison()
    {
        var queue = AzuriteFixture.UniqueName("fails");
        var dequeueCounts = new ConcurrentQueue<long>();
        var functions = new FunctionCatalog().MapQueue("AlwaysFails", queue, (invocation, _) =>
        {
            dequeueCounts.Enqueue(invocation.DequeueCount);
            throw new InvalidOperationException("handler failure");
        });
        await using var app = await TestApp.StartAsync(functions, hostJson: FastRetries);
        await app.Services.GetRequiredService<QueueSender>().SendAsync(queue, "bad order 42");

        var poison = app.Services.GetRequiredService<StorageClientFactory>().GetQueueClient(queue + "-poison");
        // The listener creates the poison queue as it starts: until then there is nothing to peek.
        var poisoned = await Eventually.ValueAsync(
            async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(1)).Value : [],
            messages => messages.Length == 1,
            "the message to land in the poison queue");

        Assert.Equal("bad order 42", poisoned[0].Body.ToString());
        Assert.Equal([1L, 2L, 3L], dequeueCounts.ToArray());
        var main = app.Services.GetRequiredService<StorageClientFactory>().GetQueueClient(queue);
        Assert.Empty((await main.PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task QueueFunction_ThatFailsOnce_SucceedsOnTheSecondDelivery()
    {
        var queue = AzuriteFixture.UniqueName("flaky");
        var attempts = 0;
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new FunctionCatalog().MapQueue("FailsOnce", queue, (invocation, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw new TimeoutException("transient");
            }

            done.TrySetResult(invocation.DequeueCount);
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync(functions, hostJson: FastRetries);
        await app.Services.GetRequiredService<QueueSender>().SendAsync(queue, "retry me");

        var dequeueCount = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, dequeueCount);
        var poison = app.Services.GetRequiredService<StorageClientFactory>().GetQueueClient(queue + "-poison");
        Assert.Empty((await poison.PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task QueueFunction_RunningLongerThanItsProcessingLease_KeepsItsMessage_AndIsDeliveredOnce()
    {
        var queue = AzuriteFixture.UniqueName("long");
        var deliveries = 0;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new FunctionCatalog().MapQueue("Slow", queue, async (_, ct) =>
        {
            Interlocked.Increment(ref deliveries);
            await Task.Delay(TimeSpan.FromSeconds(5), ct); // the function's own work: 2.5 leases of 2 s
            finished.TrySetResult();
        });
        await using var app = await TestApp.StartAsync(functions, new Dictionary<string, string?> { ["Hosting:QueueProcessingLease"] = "00:00:02" }, FastRetries);
        await app.Services.GetRequiredService<QueueSender>().SendAsync(queue, "slow work");

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var client = app.Services.GetRequiredService<StorageClientFactory>().GetQueueClient(queue);
        await Eventually.TrueAsync(async () => (await client.PeekMessagesAsync(1)).Value.Length == 0, "the message to be deleted");

        Assert.Equal(1, deliveries);
    }

    [Fact]
    public async Task Message_OfAProcessThatStoppedWhileRunningIt_IsDeliveredAgainWithinTheProcessingLease()
    {
        var queue = AzuriteFixture.UniqueName("orphan");
        var settings = new Dictionary<string, string?> { ["Hosting:QueueProcessingLease"] = "00:00:03" };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dying = await TestApp.StartAsync(
            new FunctionCatalog().MapQueue("Hangs", queue, async (_, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }),
            settings,
            FastRetries);
        await dying.Services.GetRequiredService<QueueSender>().SendAsync(queue, "unfinished");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await dying.DisposeAsync();

        var redelivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var survivor = await TestApp.StartAsync(
            new FunctionCatalog().MapQueue("Finishes", queue, (invocation, _) =>
            {
                redelivered.TrySetResult(invocation.Message);
                return Task.CompletedTask;
            }),
            settings,
            FastRetries);

        Assert.Equal("unfinished", await redelivered.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
