namespace Shop.Durable.Core;

/// <summary>Fault injection for tests: simulate a process that dies between a commit and the work it scheduled.</summary>
internal sealed class DurableFaults
{
    /// <summary>When it returns true for an entry, the entry is committed but not run (as if the process died).</summary>
    public Func<string, OutboxEntry, bool>? SkipDispatch { get; set; }
}
