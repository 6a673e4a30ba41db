namespace Shop.Infrastructure.Returns;

/// <summary>What a return token check found.</summary>
public enum ReturnTokenCheck
{
    Valid,
    Invalid,
    Expired,
    NoSecret,
}
