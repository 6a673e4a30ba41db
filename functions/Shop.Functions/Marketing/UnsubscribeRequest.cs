namespace Shop.Functions.Marketing;

/// <summary>An unsubscribe: the token of the link in a marketing email.</summary>
public sealed record UnsubscribeRequest(string? Token);
