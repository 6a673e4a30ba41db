using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Shop.Orchestrations.Marketing;

namespace Shop.Functions.Marketing;

/// <summary>The unsubscribe link of every marketing email (review requests, abandoned-cart reminders).</summary>
public sealed class MarketingFunctions(UnsubscribeService unsubscribe)
{
    [Function("Unsubscribe")]
    [EndpointSummary("Unsubscribes the address of a marketing email's link from all marketing email (order and shipping emails still come); the sequence it came from stops at once.")]
    [Tags("Marketing")]
    [JsonBody(typeof(UnsubscribeRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Ok<UnsubscribeResponse>> UnsubscribeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "marketing/unsubscribe")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UnsubscribeRequest>(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Token))
        {
            throw ProblemException.Validation("token", "The unsubscribe link's token is required.");
        }

        var email = await unsubscribe.UnsubscribeAsync(body.Token, cancellationToken);
        return TypedResults.Ok(new UnsubscribeResponse(email, true));
    }
}
