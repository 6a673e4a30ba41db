namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>What a ledger entry records.</summary>
public enum PaymentLedgerEntryKind
{
    Authorization,
    Capture,
    Void,
    Refund,
}
