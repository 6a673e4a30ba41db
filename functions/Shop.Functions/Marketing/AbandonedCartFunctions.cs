using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Functions;
using Shop.Infrastructure.Carts;
using Shop.Orchestrations.Marketing;

namespace Shop.Functions.Marketing;

/// <summary>The abandoned-cart reminders as Durable Functions (orchestrator and send step), and ops' trigger to run a cart's reminders now.</summary>
public sealed class AbandonedCartFunctions(AbandonedCartReminders reminders, CartService carts, IServiceProvider services)
{
    [Function(AbandonedCartOrchestrator.Name)]
    public static Task<AbandonedCartEnd> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, AbandonedCartInput input) =>
        new AbandonedCartOrchestrator().RunAsync(context, input);

    [Function(AbandonedCartOrchestrator.SendActivity)]
    public Task<SequenceStepOutcome> SendAsync([ActivityTrigger] CartReminderStep step) =>
        services.GetRequiredService<CartReminderSteps>().SendAsync(step);

    [Function("RunCartReminders")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Runs a cart's abandoned-cart reminders now: sends the running sequence's next reminder, or starts the reminders of a cart with an email and lines that has none and sends the first.")]
    [Tags("Admin: marketing")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Accepted<JobRunDto>> RunCartRemindersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/jobs/abandoned-carts/{cartId}")] HttpRequest request,
        string cartId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var action = await reminders.RunNowAsync(carts, cartId, cancellationToken) ?? throw ProblemException.NotFound($"No cart has id '{cartId}'.");
        var instanceId = AbandonedCartReminders.InstanceId(cartId);
        return TypedResults.Accepted($"/api/admin/instances/{instanceId}", new JobRunDto(instanceId, action));
    }
}
