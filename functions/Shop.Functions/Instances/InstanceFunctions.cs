using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;

namespace Shop.Functions.Instances;

/// <summary>
/// The admin API over orchestration instances: list, status and history, raise an event, terminate, suspend,
/// resume, rewind, purge. Unknown id → 404; an operation the instance's status does not allow → 409.
/// </summary>
public static class InstanceFunctions
{
    private const string Tag = "Instances";

    public static FunctionCatalog AddInstanceFunctions(this FunctionCatalog functions) => functions
        .MapHttp("ListInstances", "GET", "admin/instances", ListInstancesAsync, FunctionAuth.Admin, e => e
            .WithSummary("Lists orchestration instances, newest filters first: by status (comma-separated) and creation time, a page at a time.")
            .WithTags(Tag))
        .MapHttp("GetInstance", "GET", "admin/instances/{instanceId}", GetInstanceAsync, FunctionAuth.Admin, e => e
            .WithSummary("Shows an instance's status, input, output, custom status and failure; with history=true also its event history.")
            .WithTags(Tag))
        .MapHttp("RaiseInstanceEvent", "POST", "admin/instances/{instanceId}/events/{eventName}", RaiseEventAsync, FunctionAuth.Admin, e => e
            .WithSummary("Raises an external event (the JSON body is its payload) to a waiting instance.")
            .WithTags(Tag))
        .MapHttp("TerminateInstance", "POST", "admin/instances/{instanceId}/terminate", TerminateAsync, FunctionAuth.Admin, e => e
            .WithSummary("Stops a pending, running or suspended instance.")
            .WithTags(Tag))
        .MapHttp("SuspendInstance", "POST", "admin/instances/{instanceId}/suspend", SuspendAsync, FunctionAuth.Admin, e => e
            .WithSummary("Pauses a running instance; events that arrive meanwhile are kept.")
            .WithTags(Tag))
        .MapHttp("ResumeInstance", "POST", "admin/instances/{instanceId}/resume", ResumeAsync, FunctionAuth.Admin, e => e
            .WithSummary("Resumes a suspended instance.")
            .WithTags(Tag))
        .MapHttp("RewindInstance", "POST", "admin/instances/{instanceId}/rewind", RewindAsync, FunctionAuth.Admin, e => e
            .WithSummary("Re-runs a failed instance from its last failure (the failed activities run again).")
            .WithTags(Tag))
        .MapHttp("PurgeInstance", "DELETE", "admin/instances/{instanceId}", PurgeAsync, FunctionAuth.Admin, e => e
            .WithSummary("Deletes a finished instance with its history.")
            .WithTags(Tag));

    public static async Task<Ok<InstanceListResponse>> ListInstancesAsync(
        DurableTaskClient client,
        string? status,
        string? createdFrom,
        int? top,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var part in (status ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(part, out _))
            {
                throw ProblemException.Validation("status", $"'{part}' is not a status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
            }

            statuses.Add(parsed);
        }

        DateTimeOffset? from = null;
        if (createdFrom is not null)
        {
            from = DateTimeOffset.TryParse(createdFrom, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw ProblemException.Validation("createdFrom", "createdFrom must be a date and time (ISO 8601).");
        }

        if (top is < 1 or > 1000)
        {
            throw ProblemException.Validation("top", "top must be between 1 and 1000.");
        }

        var query = new OrchestrationQuery { Statuses = statuses.Count > 0 ? statuses : null, CreatedFrom = from, PageSize = top ?? 100, FetchInputsAndOutputs = true };
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(continuationToken, query.PageSize).WithCancellation(cancellationToken))
        {
            return TypedResults.Ok(new InstanceListResponse(page.Values.Select(m => ToResponse(m, null)).ToList(), page.ContinuationToken));
        }

        return TypedResults.Ok(new InstanceListResponse([], null));
    }

    public static async Task<Ok<InstanceResponse>> GetInstanceAsync(DurableTaskClient client, string instanceId, bool? history, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
            ?? throw ProblemException.NotFound($"No orchestration instance '{instanceId}' exists.");
        IReadOnlyList<InstanceHistoryEventResponse>? events = null;
        if (history == true)
        {
            events = (await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken)).Select(InstanceHistoryEventResponse.From).ToList();
        }

        return TypedResults.Ok(ToResponse(metadata, events));
    }

    public static Task<Accepted> RaiseEventAsync(DurableTaskClient client, string instanceId, string eventName, [FromBody] JsonElement? payload, CancellationToken cancellationToken) =>
        GuardAsync(client, instanceId, () => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);

    public static Task<Accepted> TerminateAsync(DurableTaskClient client, string instanceId, [FromBody] InstanceActionRequest? request, CancellationToken cancellationToken) =>
        GuardAsync(client, instanceId, () => client.TerminateInstanceAsync(instanceId, request?.Reason, cancellationToken), cancellationToken);

    public static Task<Accepted> SuspendAsync(DurableTaskClient client, string instanceId, [FromBody] InstanceActionRequest? request, CancellationToken cancellationToken) =>
        GuardAsync(client, instanceId, () => client.SuspendInstanceAsync(instanceId, request?.Reason, cancellationToken), cancellationToken);

    public static Task<Accepted> ResumeAsync(DurableTaskClient client, string instanceId, [FromBody] InstanceActionRequest? request, CancellationToken cancellationToken) =>
        GuardAsync(client, instanceId, () => client.ResumeInstanceAsync(instanceId, request?.Reason, cancellationToken), cancellationToken);

    public static Task<Accepted> RewindAsync(DurableTaskClient client, string instanceId, [FromBody] InstanceActionRequest? request, CancellationToken cancellationToken) =>
        GuardAsync(client, instanceId, () => client.RewindInstanceAsync(instanceId, request?.Reason ?? "Rewound by an operator.", cancellationToken), cancellationToken);

    public static async Task<NoContent> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        await GuardAsync(client, instanceId, () => client.PurgeInstanceAsync(instanceId, cancellationToken), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> GuardAsync(DurableTaskClient client, string instanceId, Func<Task> operation, CancellationToken cancellationToken)
    {
        // Microsoft's engine accepts an event, a termination or a purge for an instance that does not exist (the Azure
        // Storage provider drops the message later): look first, so that both backends answer 404 (conformance lane).
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is null)
        {
            throw ProblemException.NotFound($"No orchestration instance '{instanceId}' exists.");
        }

        try
        {
            await operation();
            return TypedResults.Accepted((string?)null);
        }
        catch (OrchestrationNotFoundException ex)
        {
            throw ProblemException.NotFound(ex.Message);
        }
        catch (OrchestrationStateException ex)
        {
            throw ProblemException.Conflict(ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw ProblemException.Validation(ex.ParamName ?? "instanceId", ex.Message);
        }
    }

    private static InstanceResponse ToResponse(OrchestrationMetadata m, IReadOnlyList<InstanceHistoryEventResponse>? history) => new(
        m.InstanceId,
        m.Name,
        m.RuntimeStatus,
        m.CreatedAt,
        m.LastUpdatedAt,
        m.IsCompleted ? m.LastUpdatedAt : null,
        JsonText.Parse(m.SerializedInput),
        JsonText.Parse(m.SerializedOutput),
        JsonText.Parse(m.SerializedCustomStatus),
        InstanceFailureResponse.From(m.FailureDetails),
        history);
}
