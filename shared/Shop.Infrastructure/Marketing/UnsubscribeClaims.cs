namespace Shop.Infrastructure.Marketing;

/// <summary>What an unsubscribe link vouches for: the address, and the email sequence (durable instance) it came from, if any, to stop at once.</summary>
public sealed record UnsubscribeClaims(string Email, string? InstanceId);
