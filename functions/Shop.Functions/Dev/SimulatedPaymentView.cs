using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Functions.Dev;

/// <summary>An order's payments in the simulated gateway and every ledger entry they made.</summary>
public sealed record SimulatedPaymentView(string OrderId, IReadOnlyList<SimulatedPayment> Payments, IReadOnlyList<PaymentLedgerEntry> Ledger);
