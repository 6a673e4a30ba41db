namespace Shop.Durable;

/// <summary>A filter for <see cref="DurableTaskClient.GetAllInstancesAsync"/>; every criterion is optional.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances with one of these statuses.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Instances per page (1–1000, default 100).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Where the previous page ended.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Whether to fetch large inputs and outputs kept in blobs (default false: small ones are always included).</summary>
    public bool FetchInputsAndOutputs { get; init; }
}
