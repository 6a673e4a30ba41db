using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The instance's rows in the engine's indexes, which let the recovery sweep and the purge read only live rows: the
/// work index row (written before a commit that gives the instance work, removed once its outbox is empty) and the
/// finished index row (written before the commit that finishes it).
/// </summary>
internal sealed partial class InstanceActor
{
    /// <summary>
    /// True when the commit gives an idle instance work again (its outbox was empty): the one way work appears in a
    /// started instance, so the work index row is written before such a commit (<see cref="MarkWorkAheadAsync"/>).
    /// </summary>
    private static bool WakesUp(CommitBatch commit) =>
        commit.Previous is { Outbox.Count: 0 } && commit.Next.Outbox.Count > 0;

    /// <summary>True when the commit finishes the instance: its finished-index row goes first (see <see cref="Storage.FinishedIndex"/>).</summary>
    private static bool Finishes(CommitBatch commit) =>
        commit.Next.Status.IsTerminal() && commit.Previous?.Status.IsTerminal() != true;

    /// <summary>
    /// Marks the instance in the work index before the commit that schedules the work, so that a process dying
    /// between the commit and the work still leaves the work where the recovery sweep looks (the crash test found an
    /// order stuck with its payment step in the outbox and nothing pointing the sweep at it).
    /// </summary>
    private async Task MarkWorkAheadAsync() => _workETag = await engine.Store.Work.MarkAsync(InstanceId, engine.UtcNow);

    /// <summary>
    /// Takes the instance out of the work index once a commit left its outbox empty and the Instances row shows it:
    /// only if the row is as this process last wrote it (no commit has brought work since, see <see cref="Storage.WorkIndex"/>).
    /// Otherwise the row stays, and the recovery sweep deletes it once it is old.
    /// </summary>
    private async Task LeaveWorkIndexAsync()
    {
        if (_workETag is not { } etag)
        {
            return;
        }

        _workETag = null;
        try
        {
            await engine.Store.Work.TryDeleteAsync(InstanceId, etag);
        }
        catch (Exception ex)
        {
            Log.ProjectionFailed(engine.Logger, ex, InstanceId);
        }
    }
}
