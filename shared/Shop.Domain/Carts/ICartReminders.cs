namespace Shop.Domain.Carts;

/// <summary>
/// The abandoned-cart reminders, as cart changes see them. Neither call may fail a cart change: a reminder is never
/// worth a shopper's error.
/// </summary>
public interface ICartReminders
{
    /// <summary>Starts the cart's reminders (once: starting them again changes nothing); false when they could not be started now (try with the next change).</summary>
    Task<bool> TryStartAsync(string cartId, CancellationToken cancellationToken = default);

    /// <summary>Stops the cart's reminders at once (checked out, emptied); the reminder step checks the cart again anyway.</summary>
    Task StopAsync(string cartId, string reason, CancellationToken cancellationToken = default);
}
