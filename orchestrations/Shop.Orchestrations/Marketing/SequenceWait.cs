using System.Text.Json;
using Microsoft.DurableTask;

namespace Shop.Orchestrations.Marketing;

/// <summary>What ended a sequence's wait: its time came, ops asked to send now, or a stop (with its reason).</summary>
public sealed record SequenceWaitResult(bool Stopped, bool SendNow, string? StopReason);

/// <summary>The one wait of a marketing email sequence: until the next email is due, a <see cref="SequenceEvents.Stop"/>, or a <see cref="SequenceEvents.SendNow"/>.</summary>
public static class SequenceWait
{
    /// <summary>Waits for the first of a stop, a send-now and <paramref name="dueAt"/>; the others are cancelled. Replay-safe.</summary>
    public static async Task<SequenceWaitResult> UntilAsync(TaskOrchestrationContext context, DateTime dueAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var cancel = new CancellationTokenSource();

        // Any payload stops it: a JSON element takes whatever was sent (a string, an object, nothing).
        var stop = context.WaitForExternalEvent<JsonElement>(SequenceEvents.Stop, cancel.Token);
        var now = context.WaitForExternalEvent<JsonElement>(SequenceEvents.SendNow, cancel.Token);
        var timer = context.CreateTimer(dueAt, cancel.Token);
        var winner = await Task.WhenAny(stop, now, timer);
#pragma warning disable CA1849 // Cancel runs the callbacks inline, on the orchestration's thread, as replay requires.
        cancel.Cancel();
#pragma warning restore CA1849
        if (winner == stop)
        {
            var payload = await stop;
            return new SequenceWaitResult(true, false, payload.ValueKind == JsonValueKind.String ? payload.GetString() : payload.ValueKind.ToString());
        }

        return new SequenceWaitResult(false, winner == now, null);
    }
}
