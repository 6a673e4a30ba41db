using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Hosting.Storage;

namespace Shop.Functions.Health;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not.</summary>
public sealed class HealthFunctions(StorageClientFactory storage)
{
    [Function("Health")]
    [EndpointSummary("Reports whether the app and its storage account are reachable.")]
    [Tags("Operations")]
    public async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in storage.GetTableServiceClient().QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages().WithCancellation(timeout.Token))
            {
                break;
            }

            return TypedResults.Ok(new HealthReport("Healthy", "reachable"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(
                title: "Storage is unreachable",
                detail: ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
