using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;

namespace Shop.Functions.Health;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not.</summary>
public static class HealthFunctions
{
    public static FunctionCatalog AddHealthFunctions(this FunctionCatalog functions) => functions
        .MapHttp("Health", "GET", "health", GetHealthAsync, configure: e => e
            .WithSummary("Reports whether the app and its storage account are reachable.")
            .WithTags("Operations"));

    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealthAsync(StorageClientFactory storage, CancellationToken cancellationToken)
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
