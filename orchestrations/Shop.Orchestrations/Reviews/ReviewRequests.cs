using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Orchestrations.Marketing;

namespace Shop.Orchestrations.Reviews;

/// <summary>The review-request sequences: one per delivered order, instance id <c>review-requests-{orderId}</c>.</summary>
public sealed class ReviewRequests(DurableSequences sequences, IOrderStore orders, IOptions<ReviewRequestOptions> options, TimeProvider time)
{
    /// <summary>The instance id of an order's review requests (a contract: the returns workflow stops it by this id).</summary>
    public static string InstanceId(string orderId) => "review-requests-" + orderId;

    /// <summary>Starts the order's review requests (delivered at <paramref name="deliveredAt"/>); false when they were started before.</summary>
    public Task<bool> StartAsync(string orderId, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default) =>
        sequences.StartOnceAsync(ReviewRequestOrchestrator.Name, ReviewRequestInput.For(orderId, deliveredAt, options.Value), InstanceId(orderId), cancellationToken);

    /// <summary>Stops the order's review requests at once (raises <see cref="SequenceEvents.Stop"/>); false when none are running.</summary>
    public Task<bool> StopAsync(string orderId, string reason, CancellationToken cancellationToken = default) =>
        sequences.RaiseIfRunningAsync(InstanceId(orderId), SequenceEvents.Stop, reason, cancellationToken);

    /// <summary>
    /// Ops' and tests' trigger: sends the running sequence's next email now, or starts the requests of a delivered
    /// order that has none (an order delivered before reviews existed) and sends the first now. Null when the order is
    /// unknown; otherwise what was done: <c>advanced</c>, <c>started</c>, <c>ended</c> (the sequence is over) or
    /// <c>not_delivered</c>.
    /// </summary>
    public async Task<string?> RunNowAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var instanceId = InstanceId(orderId);
        switch (await sequences.StatusAsync(instanceId, cancellationToken))
        {
            case OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended:
                return await sequences.RaiseIfRunningAsync(instanceId, SequenceEvents.SendNow, "ops", cancellationToken) ? "advanced" : "ended";
            case not null:
                return "ended";
        }

        var order = await orders.GetLatestAsync(orderId, cancellationToken);
        if (order is null)
        {
            return null;
        }

        if (order.Status != OrderStatus.Delivered)
        {
            return "not_delivered";
        }

        var deliveredAt = order.Timeline.LastOrDefault(e => e.Step == "delivered")?.At ?? time.GetUtcNow();
        var started = await StartAsync(orderId, deliveredAt, cancellationToken);
        await sequences.RaiseIfRunningAsync(instanceId, SequenceEvents.SendNow, "ops", cancellationToken);
        return started ? "started" : "advanced";
    }
}
