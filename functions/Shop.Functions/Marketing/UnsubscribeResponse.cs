namespace Shop.Functions.Marketing;

/// <summary>The address that will get no more marketing email (order and shipping emails still come).</summary>
public sealed record UnsubscribeResponse(string Email, bool Unsubscribed);
