using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Events;

namespace Shop.Functions.Dev;

/// <summary>Development-only: the integration events waiting on the local events queue (404 outside Development or with Service Bus set).</summary>
public sealed class DevEventsFunctions(StorageClientFactory storage, IOptions<EventsOptions> options)
{
    [Function("DevEvents")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Peeks at the oldest integration events (CloudEvents) on the local events queue, without taking them off it.")]
    [Tags("Development")]
    [QueryParameter("top", "At most this many (1 to 32, default 32).", Type = typeof(int))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<IReadOnlyList<JsonNode>>> ListEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ServiceBusNamespace))
        {
            throw ProblemException.NotFound("Integration events go to Service Bus here, not to the local queue.");
        }

        var top = QueryValues.Number(request, "top") ?? 32;
        if (top is < 1 or > 32)
        {
            throw ProblemException.Validation("top", "top must be between 1 and 32.");
        }

        var queue = storage.GetQueueClient(options.Value.Queue);
        var events = new List<JsonNode>();
        if (await queue.ExistsAsync(cancellationToken))
        {
            foreach (var message in (await queue.PeekMessagesAsync(top, cancellationToken)).Value)
            {
                events.Add(JsonNode.Parse(message.Body.ToString())!);
            }
        }

        return TypedResults.Ok<IReadOnlyList<JsonNode>>(events);
    }
}
