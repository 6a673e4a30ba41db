namespace Shop.Functions.Storefront;

/// <summary>The payment gateway checkout uses: the embedded simulated one (no <c>Stripe__SecretKey</c>) or Stripe.</summary>
public enum PaymentProvider
{
    Simulated,
    Stripe,
}
