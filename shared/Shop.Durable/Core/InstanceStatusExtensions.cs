namespace Shop.Durable;

/// <summary>Helpers on <see cref="InstanceStatus"/>.</summary>
internal static class InstanceStatusExtensions
{
    /// <summary>True for Completed, Failed and Terminated: the instance will not run again unless rewound or restarted.</summary>
    public static bool IsTerminal(this InstanceStatus status) =>
        status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Terminated;
}
