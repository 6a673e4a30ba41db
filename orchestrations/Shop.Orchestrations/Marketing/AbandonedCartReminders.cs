using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Infrastructure.Carts;

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// The abandoned-cart reminder sequences: one per cart, instance id <c>abandoned-cart-{cartId}</c>, started once. As
/// <see cref="ICartReminders"/> it is what cart changes call; a failure there is logged, never the shopper's error.
/// </summary>
public sealed partial class AbandonedCartReminders(DurableSequences sequences, IOptions<AbandonedCartOptions> options, ILogger<AbandonedCartReminders> logger) : ICartReminders
{
    public static string InstanceId(string cartId) => "abandoned-cart-" + cartId;

    public async Task<bool> TryStartAsync(string cartId, CancellationToken cancellationToken = default)
    {
        try
        {
            await sequences.StartOnceAsync(AbandonedCartOrchestrator.Name, AbandonedCartInput.For(cartId, options.Value), InstanceId(cartId), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StartFailed(logger, ex, cartId);
            return false;
        }
    }

    public async Task StopAsync(string cartId, string reason, CancellationToken cancellationToken = default)
    {
        try
        {
            await sequences.RaiseIfRunningAsync(InstanceId(cartId), SequenceEvents.Stop, reason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The send step reads the cart before each reminder: nothing goes out to a closed or empty cart.
            Log.StopFailed(logger, ex, cartId);
        }
    }

    /// <summary>
    /// Ops' and tests' trigger: sends the running sequence's next reminder now, or starts the reminders of a cart that
    /// has none (a cart from before reminders existed) and sends the first now. Null when the cart is unknown;
    /// otherwise what was done: <c>advanced</c>, <c>started</c>, <c>ended</c> or <c>not_remindable</c> (closed, empty or no email).
    /// </summary>
    public async Task<string?> RunNowAsync(CartService carts, string cartId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(carts);
        var instanceId = InstanceId(cartId);
        switch (await sequences.StatusAsync(instanceId, cancellationToken))
        {
            case OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended:
                return await sequences.RaiseIfRunningAsync(instanceId, SequenceEvents.SendNow, "ops", cancellationToken) ? "advanced" : "ended";
            case not null:
                return "ended";
        }

        StoredCart stored;
        try
        {
            // A change that changes nothing: the cart service starts the reminders of a remindable cart and marks it.
            stored = await carts.UpdateAsync(cartId, null, (_, _) => { }, cancellationToken);
        }
        catch (CartNotFoundException)
        {
            return null;
        }

        if (!stored.Cart.RemindersStarted)
        {
            return "not_remindable";
        }

        await sequences.RaiseIfRunningAsync(instanceId, SequenceEvents.SendNow, "ops", cancellationToken);
        return "started";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "Cart {CartId}: its abandoned-cart reminders could not be started now; the next change tries again")]
        public static partial void StartFailed(ILogger logger, Exception exception, string cartId);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Cart {CartId}: its abandoned-cart reminders could not be stopped now; the send step will see the cart")]
        public static partial void StopFailed(ILogger logger, Exception exception, string cartId);
    }
}
