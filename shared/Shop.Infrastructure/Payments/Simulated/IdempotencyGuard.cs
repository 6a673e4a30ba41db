using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// Stripe-style idempotency on Table storage. The first request with a key reserves it (insert; a racing insert
/// loses with 409), runs, and stores its outcome; later requests with the key get that outcome, or
/// <c>idempotency_error</c> when their parameters differ. A request that finds the key reserved by a running
/// request waits for its outcome; a reservation whose lease ran out (its process died) is taken over with an
/// ETag-conditional update. Transient failures store nothing, so a retry runs again. A request whose writes fit in
/// one transaction with the key's record (a new authorization) skips the reservation: see <see cref="RunAsync"/>.
/// </summary>
internal sealed class IdempotencyGuard(SimulatedPaymentLedger ledger, PaymentsOptions options, TimeProvider time)
{
    /// <summary>
    /// Runs <paramref name="work"/> once per key. With <paramref name="atOnce"/>, the key's record lives in the
    /// partition of the resource the request creates (its id derived from the key), and a request that can be written
    /// in one transaction is: <paramref name="atOnce"/> gives the rows of that partition and the outcome, and they are
    /// inserted together with the completed record, one round trip as a real provider answers. It returns null for a
    /// request that needs the reservation first (a simulated outage must be counted). A key already recorded is
    /// answered as usual.
    /// </summary>
    public async Task<StoredOutcome> RunAsync(
        string idempotencyKey,
        string operation,
        string fingerprint,
        string resourcePrefix,
        Func<IdempotencyReservation, CancellationToken, Task<StoredOutcome>> work,
        CancellationToken cancellationToken,
        Func<IdempotencyReservation, AtomicWork?>? atOnce = null)
    {
        await ledger.EnsureTableAsync(cancellationToken);
        var table = ledger.Table;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        var resourceFromKey = atOnce is null ? null : resourcePrefix + hash[..32];
        var partition = resourceFromKey ?? "idem-" + hash;
        var single = atOnce?.Invoke(new IdempotencyReservation(idempotencyKey, resourceFromKey!, 0, Fresh: true));
        if (single is not null)
        {
            var record = NewRecord(idempotencyKey, operation, fingerprint, partition, resourceFromKey!);
            record.State = IdempotencyEntity.Completed;
            record.ResultJson = JsonSerializer.Serialize(single.Outcome);
            if (await ledger.TrySubmitAsync([new(TableTransactionActionType.Add, record), .. single.Actions], cancellationToken))
            {
                single.Written?.Invoke();
                return single.Outcome;
            }

            // The key is recorded already (a retry, or a request racing this one): answer from its record below.
        }

        var waited = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        // Most keys are new: try to reserve first, and read only when the key is taken.
        var mayExist = single is not null;
        while (true)
        {
            var existing = mayExist
                ? await table.GetEntityIfExistsAsync<IdempotencyEntity>(partition, IdempotencyEntity.RowFor(partition), cancellationToken: cancellationToken)
                : null;
            mayExist = true;
            IdempotencyEntity mine;
            var fresh = existing is not { HasValue: true };
            if (fresh)
            {
                mine = NewRecord(idempotencyKey, operation, fingerprint, partition, resourceFromKey ?? resourcePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                try
                {
                    var added = await table.AddEntityAsync(mine, cancellationToken);
                    mine.ETag = added.Headers.ETag ?? ETag.All;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    continue;
                }
            }
            else
            {
                var record = existing!.Value!;
                if (record.Operation != operation || record.Fingerprint != fingerprint)
                {
                    throw new PaymentPermanentException(
                        PaymentErrorKind.IdempotencyConflict,
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.",
                        "idempotency_error");
                }

                if (record.State == IdempotencyEntity.Completed)
                {
                    return Replay(record);
                }

                if (record.State == IdempotencyEntity.Pending && record.LeaseUntil > time.GetUtcNow())
                {
                    if (waited.Elapsed > options.IdempotencyWaitTimeout)
                    {
                        throw new PaymentTransientException(
                            PaymentErrorKind.ProviderUnavailable,
                            $"There is currently another in-progress request using the idempotency key '{idempotencyKey}'. Try again later.",
                            "idempotency_key_in_use");
                    }

                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
                    continue;
                }

                record.State = IdempotencyEntity.Pending;
                record.LeaseUntil = time.GetUtcNow() + options.IdempotencyLease;
                try
                {
                    var updated = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken);
                    record.ETag = updated.Headers.ETag ?? ETag.All;
                    mine = record;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    continue;
                }
            }

            return await RunReservedAsync(mine, fresh, work, cancellationToken);
        }
    }

    private async Task<StoredOutcome> RunReservedAsync(IdempotencyEntity mine, bool fresh, Func<IdempotencyReservation, CancellationToken, Task<StoredOutcome>> work, CancellationToken cancellationToken)
    {
        StoredOutcome outcome;
        try
        {
            outcome = await work(new IdempotencyReservation(mine.Key, mine.ResourceId, mine.TransientFailures, fresh), cancellationToken);
        }
        catch (SimulatedTransientFailure failure)
        {
            mine.State = IdempotencyEntity.Retryable;
            mine.TransientFailures++;
            await SaveAsync(mine);
            throw new PaymentTransientException(PaymentErrorKind.ProviderUnavailable, failure.Message, "simulated_unavailable");
        }
        catch (PaymentPermanentException permanent)
        {
            mine.State = IdempotencyEntity.Completed;
            mine.ErrorKind = permanent.Kind.ToString();
            mine.ErrorCode = permanent.ProviderCode;
            mine.ErrorMessage = permanent.Message;
            await SaveAsync(mine);
            throw;
        }
        catch
        {
            mine.State = IdempotencyEntity.Retryable;
            await SaveAsync(mine);
            throw;
        }

        // A real provider answers with one round trip: record the outcome off the caller's path. A request that comes
        // back with the key meanwhile waits for it like any request in flight; if the write is lost, the lease runs
        // out and a later request takes the reservation over and answers from the payment it finds.
        mine.State = IdempotencyEntity.Completed;
        mine.ResultJson = JsonSerializer.Serialize(outcome);
        _ = RecordInBackgroundAsync(mine);
        return outcome;
    }

    private async Task RecordInBackgroundAsync(IdempotencyEntity record)
    {
        try
        {
            await SaveAsync(record);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
            // Shutting down or unreachable: the lease covers it (see above).
        }
    }

    /// <summary>Records the reservation's end; best effort (the work is safe to run again if this is lost).</summary>
    private async Task SaveAsync(IdempotencyEntity record)
    {
        try
        {
            await ledger.Table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Another request took the reservation over after our lease ran out; its record wins.
        }
    }

    private IdempotencyEntity NewRecord(string key, string operation, string fingerprint, string partition, string resourceId) => new()
    {
        PartitionKey = partition,
        RowKey = IdempotencyEntity.RowFor(partition),
        Key = key,
        Operation = operation,
        Fingerprint = fingerprint,
        State = IdempotencyEntity.Pending,
        LeaseUntil = time.GetUtcNow() + options.IdempotencyLease,
        ResourceId = resourceId,
    };

    private static StoredOutcome Replay(IdempotencyEntity record)
    {
        if (record.ErrorKind is { } kind)
        {
            throw new PaymentPermanentException(Enum.Parse<PaymentErrorKind>(kind), record.ErrorMessage ?? "The first request with this idempotency key failed.", record.ErrorCode);
        }

        return JsonSerializer.Deserialize<StoredOutcome>(record.ResultJson!)!;
    }
}

/// <summary>
/// A reserved idempotency key: the id of the resource the request creates, its transient failures so far, and whether
/// this request created the reservation (<see cref="Fresh"/>: no earlier run can have created the resource).
/// </summary>
internal sealed record IdempotencyReservation(string Key, string ResourceId, int TransientFailures, bool Fresh);

/// <summary>
/// A request written in one transaction with its key's record: its rows (in the record's partition), its outcome, and
/// what to do once they are written (not called when the key turned out to be recorded already).
/// </summary>
internal sealed record AtomicWork(IReadOnlyList<TableTransactionAction> Actions, StoredOutcome Outcome, Action? Written = null);

/// <summary>Thrown inside a reserved request to simulate a provider outage (nothing is stored; the next try counts it).</summary>
internal sealed class SimulatedTransientFailure(string message) : Exception(message);
