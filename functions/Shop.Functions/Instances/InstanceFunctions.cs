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
public sealed class InstanceFunctions
{
    private const string Tag = "Instances";

    [Function("ListInstances")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Lists orchestration instances, newest filters first: by status (comma-separated) and creation time, a page at a time.")]
    [Tags(Tag)]
    [QueryParameter("status", "Comma-separated runtime statuses (Running, Completed, Failed, ...).")]
    [QueryParameter("createdFrom", "Only instances created at or after this time (ISO 8601).")]
    [QueryParameter("top", "Instances per page, 1 to 1000 (default 100).", Type = typeof(int))]
    [QueryParameter("continuationToken", "The previous page's continuationToken.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<InstanceListResponse>> ListInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/instances")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var statuses = InstanceQueryValues.Statuses(request, "status");
        var from = InstanceQueryValues.Time(request, "createdFrom");
        var top = QueryValues.Number(request, "top");
        var continuationToken = QueryValues.Text(request, "continuationToken");
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

    [Function("GetInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Shows an instance's status, input, output, custom status and failure; with history=true also its event history.")]
    [Tags(Tag)]
    [QueryParameter("history", "true to include the event history.", Type = typeof(bool))]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<InstanceResponse>> GetInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/instances/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken)
    {
        var history = QueryValues.Bool(request, "history");
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
            ?? throw ProblemException.NotFound($"No orchestration instance '{instanceId}' exists.");
        IReadOnlyList<InstanceHistoryEventResponse>? events = null;
        if (history == true)
        {
            events = (await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken)).Select(InstanceHistoryEventResponse.From).ToList();
        }

        return TypedResults.Ok(ToResponse(metadata, events));
    }

    [Function("RaiseInstanceEvent")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Raises an external event (the JSON body is its payload) to a waiting instance.")]
    [Tags(Tag)]
    [JsonBody(typeof(JsonElement), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Accepted> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/{instanceId}/events/{eventName}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        string eventName,
        CancellationToken cancellationToken)
    {
        var payload = await ReadPayloadAsync(request, cancellationToken);
        return await GuardAsync(client, instanceId, () => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);
    }

    [Function("TerminateInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Stops a pending, running or suspended instance.")]
    [Tags(Tag)]
    [JsonBody(typeof(InstanceActionRequest), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Accepted> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/{instanceId}/terminate")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken) =>
        await ActAsync(httpRequest, client, instanceId, (reason, ct) => client.TerminateInstanceAsync(instanceId, reason, ct), cancellationToken);

    [Function("SuspendInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Pauses a running instance; events that arrive meanwhile are kept.")]
    [Tags(Tag)]
    [JsonBody(typeof(InstanceActionRequest), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Accepted> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/{instanceId}/suspend")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken) =>
        await ActAsync(httpRequest, client, instanceId, (reason, ct) => client.SuspendInstanceAsync(instanceId, reason, ct), cancellationToken);

    [Function("ResumeInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Resumes a suspended instance.")]
    [Tags(Tag)]
    [JsonBody(typeof(InstanceActionRequest), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Accepted> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/{instanceId}/resume")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken) =>
        await ActAsync(httpRequest, client, instanceId, (reason, ct) => client.ResumeInstanceAsync(instanceId, reason, ct), cancellationToken);

    [Function("RewindInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Re-runs a failed instance from its last failure (the failed activities run again).")]
    [Tags(Tag)]
    [JsonBody(typeof(InstanceActionRequest), IsOptional = true)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Accepted> RewindAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/{instanceId}/rewind")] HttpRequest httpRequest,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken) =>
        await ActAsync(httpRequest, client, instanceId, (reason, ct) => client.RewindInstanceAsync(instanceId, reason ?? "Rewound by an operator.", ct), cancellationToken);

    [Function("PurgeInstance")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Deletes a finished instance with its history.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<NoContent> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/instances/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken)
    {
        await GuardAsync(client, instanceId, () => client.PurgeInstanceAsync(instanceId, cancellationToken), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>An operation on an instance, with the optional reason of its <see cref="InstanceActionRequest"/> body.</summary>
    private static async Task<Accepted> ActAsync(
        HttpRequest httpRequest,
        DurableTaskClient client,
        string instanceId,
        Func<string?, CancellationToken, Task> operation,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadOptionalAsync<InstanceActionRequest>(httpRequest, cancellationToken);
        return await GuardAsync(client, instanceId, () => operation(request?.Reason, cancellationToken), cancellationToken);
    }

    /// <summary>The event's payload: any JSON value, or none.</summary>
    private static async Task<JsonElement?> ReadPayloadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!JsonBody.HasBody(request))
        {
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw ProblemException.Validation("body", "The event payload is not JSON: " + ex.Message);
        }
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
