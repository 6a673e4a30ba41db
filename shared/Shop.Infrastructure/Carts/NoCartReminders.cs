using Shop.Domain.Carts;

namespace Shop.Infrastructure.Carts;

/// <summary>No abandoned-cart reminders (carts without the reminder workflow registered, e.g. in storage tests).</summary>
internal sealed class NoCartReminders : ICartReminders
{
    public Task<bool> TryStartAsync(string cartId, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task StopAsync(string cartId, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
