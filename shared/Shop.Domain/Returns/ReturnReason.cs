namespace Shop.Domain.Returns;

/// <summary>Why the customer returns goods: a fixed list (<see cref="Other"/> carries the customer's own words).</summary>
public enum ReturnReason
{
    Damaged,
    WrongItem,
    NotAsDescribed,
    NoLongerNeeded,
    Other,
}
