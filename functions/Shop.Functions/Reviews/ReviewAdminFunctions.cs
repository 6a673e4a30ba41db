using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Shop.Functions.Marketing;
using Shop.Hosting.Functions;
using Shop.Infrastructure.Reviews;
using Shop.Orchestrations.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>Ops on reviews: hide one (it leaves the product's list and rating), and run an order's review requests now.</summary>
public sealed class ReviewAdminFunctions(ReviewStore store, ReviewRequests requests)
{
    public const string Tag = "Admin: reviews";

    [Function("HideReview")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Hides a review: it leaves the product's review list and rating for good (again: no change).")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<AdminReviewDto>> HideReviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/reviews/{sku}/{reviewId}/hide")] HttpRequest request,
        string sku,
        string reviewId,
        CancellationToken cancellationToken)
    {
        var review = await store.HideAsync(sku, reviewId, cancellationToken) ?? throw ProblemException.NotFound($"No review '{reviewId}' of product '{sku}'.");
        return TypedResults.Ok(AdminReviewDto.From(review));
    }

    [Function("RunReviewRequests")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Runs an order's review requests now: sends the running sequence's next email, or starts the sequence of a delivered order that has none and sends its first.")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Accepted<JobRunDto>> RunReviewRequestsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/jobs/review-requests/{orderId}")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var action = await requests.RunNowAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound($"No order has id '{orderId}'.");
        var instanceId = ReviewRequests.InstanceId(orderId);
        return TypedResults.Accepted($"/api/admin/instances/{instanceId}", new JobRunDto(instanceId, action));
    }
}
