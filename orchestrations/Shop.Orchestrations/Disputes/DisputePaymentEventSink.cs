using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Shop.Domain.Disputes;
using Shop.Domain.Payments;
using Shop.Durable;
using Shop.Infrastructure.Disputes;
using Shop.Orchestrations.Orders;
using DtfxAlreadyExists = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Shop.Orchestrations.Disputes;

/// <summary>
/// Turns verified dispute events into dispute workflows: <c>charge.dispute.created</c> starts one per dispute (its id
/// the instance's, so a redelivery starts nothing), <c>charge.dispute.closed</c> raises the outcome into it (or, when
/// the workflow has ended, records the outcome directly). Other payment events change nothing here.
/// </summary>
public sealed class DisputePaymentEventSink(DurableClients clients, DisputeSteps steps, IOptions<DisputesOptions> options, IOptions<OrderWorkflowOptions> workflow) : IPaymentEventSink
{
    public async Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        switch (paymentEvent)
        {
            case DisputeCreated created:
                var retry = workflow.Value;
                var input = new DisputeWorkflowInput(
                    created.DisputeId, created.PaymentId, created.Amount.MinorUnits, created.Amount.Currency, created.Reason, created.OccurredAt, created.EvidenceDueBy,
                    options.Value.EvidenceWithin, retry.MaxStepAttempts, retry.FirstRetryInterval, retry.MaxRetryInterval);
                try
                {
                    await clients.Current.ScheduleNewOrchestrationInstanceAsync(
                        DisputeOrchestrator.Name,
                        input,
                        new StartOrchestrationOptions(DisputeWorkflowInput.InstanceId(created.DisputeId)).WithDedupeStatuses(
                            OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
                            OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated),
                        cancellationToken);
                }
                catch (Exception e) when (e is OrchestrationAlreadyExistsException or DtfxAlreadyExists)
                {
                    // A redelivery: the dispute's workflow runs already.
                }

                break;
            case DisputeClosed closed:
                var instanceId = DisputeWorkflowInput.InstanceId(closed.DisputeId);
                if (await clients.Current.GetInstanceAsync(instanceId, cancellationToken) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
                {
                    await clients.Current.RaiseEventAsync(instanceId, DisputeActivities.ClosedEvent, closed.Status, cancellationToken);
                }
                else
                {
                    await steps.RecordOutcomeAsync(new DisputeStep(closed.DisputeId, closed.Status), cancellationToken);
                }

                break;
        }
    }
}
