namespace Shop.Domain.Email;

/// <summary>Values every template may use as <c>{{Shop.Name}}</c> and <c>{{Shop.SupportAddress}}</c>.</summary>
public sealed record EmailBranding(string Name, string SupportAddress);
