namespace Shop.Durable.Core;

/// <summary>Fault injection for tests: simulate a process that dies between a commit and the work it scheduled, or a slow commit.</summary>
internal sealed class DurableFaults
{
    /// <summary>When it returns true for an entry, the entry is committed but not run (as if the process died).</summary>
    public Func<string, OutboxEntry, bool>? SkipDispatch { get; set; }

    /// <summary>
    /// Awaited just before an episode's commit is sent, with the instance id and the number of activities the episode
    /// started already (to hold a commit in flight).
    /// </summary>
    public Func<string, int, Task>? BeforeCommit { get; set; }
}
