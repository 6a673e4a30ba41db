namespace Shop.Durable;

/// <summary>Where an orchestration instance is in its life.</summary>
internal enum InstanceStatus
{
    /// <summary>Started and not finished: running an episode, or waiting for activities, timers or events.</summary>
    Running = 0,

    /// <summary>Returned normally; the output is available.</summary>
    Completed = 1,

    /// <summary>Failed with an unhandled exception, a non-determinism error or a poisoned message; see the failure details.</summary>
    Failed = 3,

    /// <summary>Stopped by <c>TerminateInstanceAsync</c>.</summary>
    Terminated = 5,

    /// <summary>Scheduled and not started yet (a start time in the future, or about to run).</summary>
    Pending = 6,

    /// <summary>Paused by <c>SuspendInstanceAsync</c>; events that arrive meanwhile are kept until it resumes.</summary>
    Suspended = 7,
}
