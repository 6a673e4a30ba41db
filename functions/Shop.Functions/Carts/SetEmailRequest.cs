namespace Shop.Functions.Carts;

/// <summary>The shopper's email address.</summary>
public sealed record SetEmailRequest(string? Email);
