namespace Shop.Functions.Storefront;

/// <summary>A test payment method of the simulated gateway (its <c>paymentMethod</c> value at checkout) and what it does.</summary>
public sealed record TestPaymentMethodDto(string Id, string Label);
