using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// The simulated gateway's durable state in Table storage (<see cref="PaymentsOptions.LedgerTable"/>): payments,
/// their ledger entries (authorizations, captures, voids, refunds) and idempotency records. The queries let tests
/// and operators prove what was charged: one authorization per payment, at most one capture, refunds never above it.
/// </summary>
public sealed class SimulatedPaymentLedger
{
    private readonly TableClient _table;
    private volatile bool _created;

    public SimulatedPaymentLedger(StorageClientFactory storage, IOptions<PaymentsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        _table = storage.GetTableServiceClient().GetTableClient(options.Value.LedgerTable);
    }

    /// <summary>A payment by id, or null.</summary>
    public async Task<SimulatedPayment?> GetPaymentAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        var entity = await GetPaymentEntityAsync(paymentId, cancellationToken);
        return entity is null ? null : ToPayment(entity);
    }

    /// <summary>Every payment created for an order (oldest first).</summary>
    public async Task<IReadOnlyList<SimulatedPayment>> GetPaymentsForOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        await EnsureTableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {PaymentEntity.RowsFrom} and RowKey lt {PaymentEntity.RowsBefore} and OrderId eq {orderId}");
        var payments = new List<SimulatedPayment>();
        await foreach (var entity in _table.QueryAsync<PaymentEntity>(filter, cancellationToken: cancellationToken))
        {
            payments.Add(ToPayment(entity));
        }

        return payments.OrderBy(p => p.CreatedAt).ToList();
    }

    /// <summary>Every ledger entry of an order's payments, in time order.</summary>
    public async Task<IReadOnlyList<PaymentLedgerEntry>> GetEntriesForOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        await EnsureTableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {LedgerEntity.RowPrefix} and RowKey lt {"ledger."} and OrderId eq {orderId}");
        var entries = new List<PaymentLedgerEntry>();
        await foreach (var entity in _table.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }

        return entries.OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();
    }

    /// <summary>Every ledger entry of one payment.</summary>
    public async Task<IReadOnlyList<PaymentLedgerEntry>> GetEntriesForPaymentAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        await EnsureTableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {paymentId} and RowKey ge {LedgerEntity.RowPrefix} and RowKey lt {"ledger."}");
        var entries = new List<PaymentLedgerEntry>();
        await foreach (var entity in _table.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }

        return entries.OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();
    }

    internal TableClient Table => _table;

    internal async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }

    internal async Task<PaymentEntity?> GetPaymentEntityAsync(string paymentId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<PaymentEntity>(paymentId, PaymentEntity.RowFor(paymentId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    internal async Task<LedgerEntity?> GetLedgerEntityAsync(string paymentId, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<LedgerEntity>(paymentId, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Submits one partition's actions atomically; false when an ETag or insert condition failed (a racing writer won).</summary>
    internal async Task<bool> TrySubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static SimulatedPayment ToPayment(PaymentEntity e) => new(
        e.PartitionKey,
        e.OrderId,
        e.PaymentMethod,
        Money.FromMinorUnits(e.AmountMinor, e.Currency),
        e.Status,
        e.CreatedAt,
        e.CaptureBefore,
        Money.FromMinorUnits(e.AmountCapturedMinor, e.Currency),
        Money.FromMinorUnits(e.AmountRefundedMinor, e.Currency));

    private static PaymentLedgerEntry ToEntry(LedgerEntity e) => new(
        e.PartitionKey,
        e.OrderId,
        Enum.Parse<PaymentLedgerEntryKind>(e.Kind),
        Money.FromMinorUnits(e.AmountMinor, e.Currency),
        e.Outcome,
        e.IdempotencyKey,
        e.At,
        e.Reference);
}
