// Stripe's Payment Element and 3-D Secure for the storefront, used only when Stripe is the shop's gateway (the
// storefront config then carries the publishable key). Stripe.js is loaded from js.stripe.com on first use, as Stripe
// requires; the card details never touch this shop's pages or API: Stripe.js turns them into a PaymentMethod id, which
// checkout sends like any payment method. The amount is authorized only (captured when the order ships) and the card
// is saved for off-session use, as the API's Stripe gateway asks.
const STRIPE_JS = 'https://js.stripe.com/v3/';
let loading = null;
const clients = new Map();

function loadStripeJs() {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.addEventListener('load', () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load.'))));
    script.addEventListener('error', () => {
      loading = null;
      reject(new Error('Stripe.js could not be loaded: card payment is unavailable right now. Try again in a moment.'));
    });
    document.head.append(script);
  });
  return loading;
}

async function stripeFor(publishableKey) {
  const Stripe = await loadStripeJs();
  if (!clients.has(publishableKey)) clients.set(publishableKey, Stripe(publishableKey));
  return clients.get(publishableKey);
}

/**
 * Mounts the Payment Element in `container` for `amountMinor` of `currency`. Returns { update(amountMinor),
 * paymentMethod() } where paymentMethod() validates the details and resolves the PaymentMethod id (or throws the
 * message Stripe gives, e.g. an incomplete card number).
 */
export async function mountPaymentElement(container, publishableKey, amountMinor, currency) {
  const stripe = await stripeFor(publishableKey);
  const elements = stripe.elements({
    mode: 'payment',
    amount: amountMinor,
    currency: currency.toLowerCase(),
    captureMethod: 'manual',
    setupFutureUsage: 'off_session',
    paymentMethodCreation: 'manual',
  });
  const element = elements.create('payment');
  element.mount(container);
  return {
    update: (minor) => elements.update({ amount: minor }),
    async paymentMethod() {
      const submitted = await elements.submit();
      if (submitted?.error) throw new Error(submitted.error.message);
      const created = await stripe.createPaymentMethod({ elements });
      if (created?.error) throw new Error(created.error.message);
      return created.paymentMethod.id;
    },
  };
}

/** Runs the bank's 3-D Secure step of a PaymentIntent in Stripe.js's own frame; resolves when the shopper is done. */
export async function authenticate(publishableKey, clientSecret) {
  const stripe = await stripeFor(publishableKey);
  const result = await stripe.handleNextAction({ clientSecret });
  if (result?.error) throw new Error(result.error.message);
}
