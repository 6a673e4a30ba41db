namespace Shop.Domain.Common;

/// <summary>A link from an email (a review or unsubscribe link) the shop refuses: forged, altered, expired, or for something that no longer exists.</summary>
public sealed class SignedLinkException : Exception
{
    public SignedLinkException()
        : this("This link is not valid.")
    {
    }

    public SignedLinkException(string message)
        : base(message)
    {
    }

    public SignedLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the link was genuine but has expired.</summary>
    public bool Expired { get; init; }
}
