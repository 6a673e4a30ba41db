// The storefront: catalog, product, cart, checkout and order pages over the public Shop API, routed by the URL
// fragment (#/, #/product/SKU, #/cart, #/cart/ID, #/checkout, #/orders/ID, #/review?token=, #/unsubscribe?token=), so
// every page is a link that can be shared; an email's links open the last three.
import { api, ApiError, isAbort, newIdempotencyKey } from './api.js';
import { h, replace, errorBox, field, setFieldError, when, words, confirmDialog } from './dom.js';
import { ratingText, reviewsSection, reviewView, unsubscribeView } from './reviews.js';
import { mountPaymentElement, authenticate } from './stripe-pay.js';

const main = document.getElementById('main');
const cartCount = document.getElementById('cart-count');
const cartLink = document.getElementById('cart-link');
const CART_KEY = 'shop.cartId';
const ORDERS_KEY = 'shop.orders';
const PAGE_SIZE = 12;
const TERMINAL = new Set(['rejected', 'payment_failed', 'cancelled', 'delivered']);
const CANCELLABLE = new Set(['placed', 'confirmed']);
const AVAILABILITY = { in_stock: 'In stock', low: 'Only a few left', out: 'Out of stock' };

// Continuation tokens seen per filter, so "Previous" works: pageTokens.get(filterKey)[n] opens page n + 1.
const pageTokens = new Map();
let viewController = null;
let configPromise = null;
/** Stripe's publishable key once the config is known and Stripe is the gateway (the order page's 3-D Secure step). */
let stripeKey = null;
let firstRoute = true;

// ---------------------------------------------------------------- routing

function route() {
  let hash = location.hash || '#/';
  if (!hash.startsWith('#/')) {
    if (!firstRoute) {
      return; // an in-page anchor (the skip link), not a page
    }
    hash = '#/'; // opened at an in-page anchor: show the catalog
  }
  viewController?.abort();
  viewController = new AbortController();
  const signal = viewController.signal;
  const [path, query = ''] = hash.slice(2).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  let view;
  if (parts.length === 0) {
    view = catalogView(params, signal);
  } else if (parts[0] === 'product' && parts[1]) {
    view = productView(parts[1], signal);
  } else if (parts[0] === 'cart' && parts[1]) {
    // A cart reminder's link: this cart becomes the shopper's cart.
    localStorage.setItem(CART_KEY, parts[1]);
    view = cartView(signal);
  } else if (parts[0] === 'cart') {
    view = cartView(signal);
  } else if (parts[0] === 'review') {
    view = reviewView(params, signal, page);
  } else if (parts[0] === 'unsubscribe') {
    view = unsubscribeView(params, page);
  } else if (parts[0] === 'checkout') {
    view = checkoutView(signal);
  } else if (parts[0] === 'orders' && parts[1]) {
    view = orderView(parts[1], signal);
  } else if (parts[0] === 'orders') {
    view = recentOrdersView();
  } else {
    view = page('Page not found', h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Back to the catalog')));
  }
  Promise.resolve(view).catch((error) => {
    if (!isAbort(error)) {
      replace(main, h('h1', {}, 'Something went wrong'), errorBox(error, 'This page could not be shown.'), retryButton());
    }
  });
  if (!firstRoute) {
    main.focus();
  }
  firstRoute = false;
}

function page(title, ...content) {
  document.title = `${title} · Shop`;
  return replace(main, h('h1', {}, title), content);
}

function loading(title) {
  page(title, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
}

function retryButton() {
  return h('button', { type: 'button', class: 'secondary', on: { click: route } }, 'Try again');
}

function config() {
  configPromise ??= api('storefront/config').then((r) => {
    stripeKey = r.data.payments === 'stripe' ? r.data.stripePublishableKey ?? null : null;
    return r.data;
  }).catch((error) => {
    configPromise = null;
    throw error;
  });
  return configPromise;
}

function money(amount, currency) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
}

function availability(code) {
  return h('span', { class: `avail ${code}` }, AVAILABILITY[code] ?? words(code));
}

// ---------------------------------------------------------------- cart state

async function loadCart(signal) {
  const id = localStorage.getItem(CART_KEY);
  if (!id) {
    updateBadge(null);
    return null;
  }
  try {
    const { data } = await api(`carts/${encodeURIComponent(id)}`, { signal });
    if (data.status !== 'open') {
      localStorage.removeItem(CART_KEY);
      updateBadge(null);
      return null;
    }
    updateBadge(data);
    return data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      localStorage.removeItem(CART_KEY);
      updateBadge(null);
      return null;
    }
    throw error;
  }
}

async function addToCart(sku, quantity) {
  let cart = await loadCart();
  if (!cart) {
    cart = (await api('carts', { method: 'POST' })).data;
    localStorage.setItem(CART_KEY, cart.id);
  }
  const { data } = await api(`carts/${encodeURIComponent(cart.id)}/items`, { method: 'POST', body: { sku, quantity } });
  updateBadge(data);
  return data;
}

function updateBadge(cart) {
  const count = cart?.totals?.itemCount ?? 0;
  cartCount.textContent = String(count);
  cartLink.setAttribute('aria-label', `Cart, ${count} ${count === 1 ? 'item' : 'items'}`);
}

/** An "Add to cart" button with its own status line; the quantity comes from `quantityOf()`. */
function addButton(product, quantityOf = () => 1) {
  const status = h('span', { class: 'hint', role: 'status' });
  const button = h('button', {
    type: 'button',
    disabled: product.availability === 'out',
    'aria-label': `Add ${product.name} to cart`,
    on: {
      click: async () => {
        button.disabled = true;
        status.textContent = 'Adding…';
        try {
          const cart = await addToCart(product.sku, quantityOf());
          const line = cart.lines.find((l) => l.sku === product.sku);
          status.textContent = `Added. ${line ? line.quantity : ''} in cart.`;
        } catch (error) {
          status.replaceChildren(errorBox(error, 'Not added.'));
        } finally {
          button.disabled = product.availability === 'out';
        }
      },
    },
  }, product.availability === 'out' ? 'Out of stock' : 'Add to cart');
  return [button, status];
}

// ---------------------------------------------------------------- catalog

async function catalogView(params, signal) {
  const category = params.get('category') ?? '';
  const q = params.get('q') ?? '';
  const pageNumber = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const key = `${category}\u0000${q}`;
  const tokens = pageTokens.get(key) ?? [null];
  pageTokens.set(key, tokens);
  if (pageNumber > tokens.length) {
    location.replace(catalogHash(category, q, 1));
    return;
  }

  const title = q ? `Search: ${q}` : category || 'Catalog';
  loading(title);
  loadCart(signal).catch(() => {});
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  if (category) query.set('category', category);
  if (q) query.set('q', q);
  if (tokens[pageNumber - 1]) query.set('continuationToken', tokens[pageNumber - 1]);
  const [categories, products] = await Promise.all([
    api('categories', { signal }).then((r) => r.data),
    api(`products?${query}`, { signal }).then((r) => r.data),
  ]);
  if (products.continuationToken) {
    tokens[pageNumber] = products.continuationToken;
  }

  const search = field('search', 'Search products', { type: 'search', value: q, placeholder: 'Name or description', autocomplete: 'off' });
  const form = h('form', { class: 'toolbar', role: 'search', on: { submit: (event) => {
    event.preventDefault();
    location.hash = catalogHash(category, search.input.value.trim(), 1);
  } } }, search.wrap, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Search')));

  const nav = h('nav', { 'aria-label': 'Categories' }, h('ul', { class: 'categories' },
    h('li', {}, categoryLink('All products', '', q, !category)),
    categories.map((c) => h('li', {}, categoryLink(`${c.name} (${c.productCount})`, c.name, q, c.name.toLowerCase() === category.toLowerCase())))));

  const list = products.items.length === 0
    ? h('p', {}, 'No products match. ', h('a', { href: '#/' }, 'Show all products'))
    : h('ul', { class: 'grid', 'aria-label': 'Products' }, products.items.map(productCard));

  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' },
    pageNumber > 1 ? h('a', { class: 'button secondary', href: catalogHash(category, q, pageNumber - 1) }, 'Previous') : null,
    h('span', {}, `Page ${pageNumber}`),
    products.continuationToken ? h('a', { class: 'button secondary', href: catalogHash(category, q, pageNumber + 1) }, 'Next') : null);

  page(title, form, nav, list, pager);
}

function catalogHash(category, q, pageNumber) {
  const query = new URLSearchParams();
  if (category) query.set('category', category);
  if (q) query.set('q', q);
  if (pageNumber > 1) query.set('page', String(pageNumber));
  const text = query.toString();
  return text ? `#/?${text}` : '#/';
}

function categoryLink(label, category, q, current) {
  return h('a', { class: current ? 'button' : 'button secondary', href: catalogHash(category, q, 1), 'aria-current': current ? 'page' : null }, label);
}

function productCard(product) {
  const href = `#/product/${encodeURIComponent(product.sku)}`;
  return h('li', { class: 'card' },
    productImage(product, ''),
    h('h2', {}, h('a', { href }, product.name)),
    h('div', { class: 'hint' }, product.category),
    h('div', { class: 'price' }, product.price.formatted),
    availability(product.availability),
    h('div', { class: 'actions' }, addButton(product)));
}

/** The product's first image; a lettered tile when it has none or it does not load (images come from other hosts). */
function productImage(product, alt) {
  const tile = () => h('div', { class: 'thumb placeholder', 'aria-hidden': 'true' }, product.name.split(/\s+/).slice(0, 2).map((w) => w[0]).join(''));
  if (!product.imageUrls[0]) {
    return tile();
  }
  const image = h('img', { class: 'thumb', src: product.imageUrls[0], alt, loading: 'lazy' });
  image.addEventListener('error', () => image.replaceWith(tile()), { once: true });
  return image;
}

// ---------------------------------------------------------------- product

async function productView(sku, signal) {
  loading('Product');
  let product;
  try {
    product = (await api(`products/${encodeURIComponent(sku)}`, { signal })).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      page('Product not found', errorBox(error), h('p', {}, h('a', { href: '#/' }, 'Back to the catalog')));
      return;
    }
    throw error;
  }
  const quantity = field('quantity', 'Quantity', { type: 'number', min: 1, max: 99, value: 1, inputmode: 'numeric' });
  page(product.name,
    h('div', { class: 'product' },
      productImage(product, product.name),
      h('div', { class: 'panel' },
        h('p', { class: 'price' }, product.price.formatted),
        h('p', { class: 'hint', 'data-test': 'rating' }, ratingText(product.rating)),
        h('p', {}, availability(product.availability)),
        h('p', {}, product.description),
        h('p', { class: 'hint' }, 'Category: ', h('a', { href: catalogHash(product.category, '', 1) }, product.category),
          ` · SKU ${product.sku} · ${(product.weightGrams / 1000).toLocaleString()} kg`),
        quantity.wrap,
        h('div', { class: 'actions' }, addButton(product, () => Math.min(99, Math.max(1, Number.parseInt(quantity.input.value, 10) || 1)))))),
    reviewsSection(product.sku, signal),
    h('p', {}, h('a', { href: '#/' }, '← Back to the catalog')));
}

// ---------------------------------------------------------------- cart

async function cartView(signal) {
  loading('Your cart');
  const [cart, settings] = await Promise.all([loadCart(signal), config()]);
  if (!cart || cart.lines.length === 0) {
    page('Your cart', h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the catalog')));
    return;
  }
  renderCart(cart, settings);
}

function renderCart(cart, settings, focusId) {
  const problems = h('div', { 'aria-live': 'assertive' });
  const busy = (on) => main.querySelectorAll('input, select, button').forEach((el) => { el.disabled = on; });
  const change = async (request, focus) => {
    problems.replaceChildren();
    busy(true);
    try {
      const updated = (await request()).data;
      updateBadge(updated);
      if (updated.lines.length === 0) {
        page('Your cart', h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the catalog')));
        return;
      }
      renderCart(updated, settings, focus);
    } catch (error) {
      busy(false);
      problems.replaceChildren(errorBox(error, 'The cart was not changed.'));
    }
  };
  const cartPath = `carts/${encodeURIComponent(cart.id)}`;

  const rows = cart.lines.map((line, index) => {
    const qtyId = `qty-${index}`;
    const qty = h('input', { id: qtyId, type: 'number', min: 1, max: 99, value: line.quantity, inputmode: 'numeric', class: 'qty', 'aria-label': `Quantity of ${line.name ?? line.sku}`,
      on: { change: () => {
        const value = Number.parseInt(qty.value, 10);
        if (!(value >= 1 && value <= 99)) {
          problems.replaceChildren(errorBox(new Error('The quantity must be a whole number from 1 to 99.')));
          return;
        }
        change(() => api(`${cartPath}/items/${encodeURIComponent(line.sku)}`, { method: 'PUT', body: { quantity: value } }), qtyId);
      } } });
    return h('tr', {},
      h('td', {}, h('a', { href: `#/product/${encodeURIComponent(line.sku)}` }, line.name ?? line.sku),
        line.warning ? h('div', { class: 'field-error' }, line.warning) : null,
        h('div', {}, availability(line.availability))),
      h('td', { class: 'num' }, line.unitPrice?.formatted ?? '—'),
      h('td', { class: 'num' }, qty),
      h('td', { class: 'num' }, line.lineTotal?.formatted ?? '—'),
      h('td', {}, h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${line.name ?? line.sku}`,
        on: { click: () => change(() => api(`${cartPath}/items/${encodeURIComponent(line.sku)}`, { method: 'DELETE' })) } }, 'Remove')));
  });

  const destination = destinationForm(cart, settings, (body) => change(() => api(`${cartPath}/destination`, { method: 'PUT', body })));
  page('Your cart',
    cart.warnings.length ? h('div', { class: 'error', role: 'alert' }, cart.warnings.join(' ')) : null,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Items in your cart'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col', class: 'num' }, 'Price'),
        h('th', { scope: 'col', class: 'num' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rows))),
    problems,
    h('div', { class: 'layout-2' }, destination, h('div', {}, totalsPanel(cart.totals),
      h('p', {}, h('a', { class: 'button', href: '#/checkout' }, 'Go to checkout')))));
  if (focusId) {
    document.getElementById(focusId)?.focus();
  }
}

function destinationForm(cart, settings, submit) {
  const country = field('dest-country', 'Country', { tag: 'select', autocomplete: 'country', options: countryOptions(settings, cart.destination?.country) });
  const region = field('dest-region', 'State / region', { value: cart.destination?.region ?? '', autocomplete: 'address-level1' }, 'For US addresses, e.g. IL');
  const postal = field('dest-postal', 'Postal code', { value: cart.destination?.postalCode ?? '', autocomplete: 'postal-code', required: true });
  return h('form', { class: 'panel', on: { submit: (event) => {
    event.preventDefault();
    submit({ country: country.input.value, postalCode: postal.input.value.trim(), region: region.input.value.trim() || null });
  } } },
  h('h2', {}, 'Shipping and tax'),
  h('p', { class: 'hint' }, 'Shipping and tax are shown once you say where the order goes.'),
  country.wrap, region.wrap, postal.wrap,
  h('button', { type: 'submit', class: 'secondary' }, 'Update totals'));
}

function countryOptions(settings, selected) {
  const names = new Intl.DisplayNames(undefined, { type: 'region' });
  const chosen = selected ?? (settings.shipsTo.includes('US') ? 'US' : settings.shipsTo[0]);
  return settings.shipsTo.map((code) => h('option', { value: code, selected: code === chosen }, `${names.of(code) ?? code} (${code})`));
}

function totalsPanel(totals) {
  const currency = totals.total.currency;
  let hint = null;
  if (totals.freeShipping) {
    hint = h('p', { class: 'free-shipping' }, 'Free shipping applies to this order.');
  } else if (totals.freeShippingThreshold && totals.subtotal.amount < totals.freeShippingThreshold.amount
    && (!totals.shippingZone || totals.shippingZone === 'domestic')) {
    hint = h('p', { class: 'hint', 'data-test': 'free-shipping-hint' },
      `Add ${money(totals.freeShippingThreshold.amount - totals.subtotal.amount, currency)} more for free shipping (from ${totals.freeShippingThreshold.formatted}).`);
  }
  return h('section', { class: 'panel totals', 'aria-label': 'Totals', 'aria-live': 'polite' },
    h('div', {}, h('span', {}, `Subtotal (${totals.itemCount} ${totals.itemCount === 1 ? 'item' : 'items'})`), h('span', {}, totals.subtotal.formatted)),
    h('div', {}, h('span', {}, 'Shipping'), h('span', {}, totals.shipping ? totals.shipping.formatted : 'set a destination')),
    h('div', {}, h('span', {}, totals.taxRate != null ? `Tax (${(totals.taxRate * 100).toLocaleString(undefined, { maximumFractionDigits: 3 })}%)` : 'Tax'),
      h('span', {}, totals.tax ? totals.tax.formatted : 'set a destination')),
    h('div', { class: 'grand' }, h('span', {}, 'Total'), h('span', { 'data-test': 'total' }, totals.total.formatted)),
    hint);
}

// ---------------------------------------------------------------- checkout

async function checkoutView(signal) {
  loading('Checkout');
  const [cart, settings] = await Promise.all([loadCart(signal), config()]);
  if (!cart || cart.lines.length === 0) {
    page('Checkout', h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the catalog')));
    return;
  }

  let shown = cart;
  let idempotencyKey = newIdempotencyKey();
  const fields = {
    email: field('email', 'Email', { type: 'email', autocomplete: 'email', required: true, value: cart.email ?? '' }, 'Your order confirmation and tracking go here.'),
    'shippingAddress.name': field('name', 'Full name', { autocomplete: 'name', required: true }),
    'shippingAddress.line1': field('line1', 'Address', { autocomplete: 'address-line1', required: true }),
    'shippingAddress.line2': field('line2', 'Apartment, suite (optional)', { autocomplete: 'address-line2' }),
    'shippingAddress.city': field('city', 'City', { autocomplete: 'address-level2', required: true }),
    'shippingAddress.region': field('region', 'State / region', { autocomplete: 'address-level1', value: cart.destination?.region ?? '' }, 'For US addresses, e.g. IL'),
    'shippingAddress.postalCode': field('postal', 'Postal code', { autocomplete: 'postal-code', required: true, value: cart.destination?.postalCode ?? '' }),
    'shippingAddress.country': field('country', 'Country', { tag: 'select', autocomplete: 'country', options: countryOptions(settings, cart.destination?.country) }),
  };
  const value = (name) => fields[name].input.value.trim();

  const simulated = settings.payments === 'simulated';
  // With Stripe: the Payment Element (Stripe.js) takes the card; null until it is mounted below.
  const publishableKey = settings.payments === 'stripe' ? settings.stripePublishableKey : null;
  const canPay = simulated || Boolean(publishableKey);
  const cardSlot = h('div', { id: 'payment-element', 'data-test': 'payment-element' }, h('p', { class: 'loading', role: 'status' }, 'Loading the card form…'));
  let card = null;
  const methods = simulated
    ? h('fieldset', {}, h('legend', {}, 'Payment method'),
      h('p', { class: 'hint', id: 'pm-hint' }, 'Test mode: this shop uses its simulated payment gateway. Pick a test card to choose what happens; no money moves.'),
      settings.testPaymentMethods.map((m, i) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'paymentMethod', value: m.id, checked: i === 0, 'aria-describedby': 'pm-hint' }), `${m.label} — ${m.id}`)))
    : publishableKey
      ? h('fieldset', {}, h('legend', {}, 'Payment'),
        h('p', { class: 'hint' }, 'Your card details go to Stripe, never to this shop. The amount is reserved now and charged when your order ships.'),
        cardSlot)
      : h('fieldset', {}, h('legend', {}, 'Payment'),
        h('p', { class: 'error' }, 'Card payment with Stripe is configured, but no publishable key is set (Stripe__PublishableKey): this storefront cannot take card details. Orders cannot be placed from this page.'));

  const problems = h('div', { tabindex: '-1' });
  const summary = h('div');
  const showSummary = (c) => replace(summary, h('h2', {}, 'Your order'),
    h('ul', {}, c.lines.map((l) => h('li', {}, `${l.quantity} × ${l.name ?? l.sku} — ${l.lineTotal?.formatted ?? 'unavailable'}`))),
    totalsPanel(c.totals));
  showSummary(cart);

  // Puts each field error of a problem beside its input (the destination endpoint names "postalCode", checkout "shippingAddress.postalCode").
  const markFields = (error) => {
    let placed = false;
    for (const [key, messages] of Object.entries(error?.fieldErrors ?? {})) {
      const name = fields[key] ? key : `shippingAddress.${key}`;
      if (fields[name]) {
        setFieldError(fields[name], [].concat(messages).join(' '));
        placed = true;
      }
    }
    return placed;
  };
  const destinationBody = () => ({ country: value('shippingAddress.country'), postalCode: value('shippingAddress.postalCode'), region: value('shippingAddress.region') || null });
  let pendingTotals = Promise.resolve();
  const refreshTotals = async () => {
    if (!value('shippingAddress.postalCode')) {
      return shown;
    }
    const updated = (await api(`carts/${encodeURIComponent(cart.id)}/destination`, { method: 'PUT', body: destinationBody() })).data;
    shown = updated;
    showSummary(updated);
    card?.update(minorUnits(updated.totals.total));
    return updated;
  };
  for (const name of ['shippingAddress.country', 'shippingAddress.region', 'shippingAddress.postalCode']) {
    fields[name].input.addEventListener('change', () => {
      problems.replaceChildren();
      pendingTotals = refreshTotals();
      pendingTotals.catch((error) => {
        markFields(error);
        problems.replaceChildren(errorBox(error, 'Totals not updated.'));
      });
    });
  }
  for (const f of Object.values(fields)) {
    f.input.addEventListener('input', () => {
      setFieldError(f, null);
      idempotencyKey = newIdempotencyKey(); // a different order: a new key
    });
  }

  const submit = h('button', { type: 'submit', disabled: !canPay }, 'Place order');
  const form = h('form', { on: { submit: async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    Object.values(fields).forEach((f) => setFieldError(f, null));
    submit.disabled = true;
    submit.textContent = 'Placing order…';
    try {
      // The total the shopper saw is the one after any update still under way.
      await pendingTotals.catch(() => {});
      const before = shown.totals.total.amount;
      const quoted = await refreshTotals();
      if (quoted.totals.total.amount !== before) {
        throw new Error(`The total for this address is ${quoted.totals.total.formatted}. Check it and place the order again.`);
      }
      const body = {
        email: value('email'),
        shippingAddress: {
          name: value('shippingAddress.name'),
          line1: value('shippingAddress.line1'),
          line2: value('shippingAddress.line2') || null,
          city: value('shippingAddress.city'),
          region: value('shippingAddress.region') || null,
          postalCode: value('shippingAddress.postalCode'),
          country: value('shippingAddress.country'),
        },
        paymentMethod: simulated
          ? form.querySelector('input[name="paymentMethod"]:checked')?.value ?? null
          : await requireCard().paymentMethod(),
        expectedTotal: quoted.totals.total.amount,
      };
      const { data } = await api(`carts/${encodeURIComponent(cart.id)}/checkout`, {
        method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey }, timeoutMs: 30000,
      });
      localStorage.removeItem(CART_KEY);
      rememberOrder(data.orderId);
      updateBadge(null);
      location.hash = `#/orders/${encodeURIComponent(data.orderId)}`;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        idempotencyKey = newIdempotencyKey(); // refused: a corrected order is a new request
      }
      const placed = markFields(error);
      problems.replaceChildren(errorBox(error, placed ? 'Please correct the marked fields.' : 'The order was not placed.'));
      problems.focus();
      submit.disabled = !canPay;
      submit.textContent = 'Place order';
    }
  } } },
  problems,
  h('fieldset', {}, h('legend', {}, 'Contact'), fields.email.wrap),
  h('fieldset', {}, h('legend', {}, 'Shipping address'),
    fields['shippingAddress.name'].wrap, fields['shippingAddress.line1'].wrap, fields['shippingAddress.line2'].wrap,
    h('div', { class: 'row' }, fields['shippingAddress.city'].wrap, fields['shippingAddress.region'].wrap),
    h('div', { class: 'row' }, fields['shippingAddress.postalCode'].wrap, fields['shippingAddress.country'].wrap)),
  methods,
  submit);

  page('Checkout', h('div', { class: 'layout-2' }, form, h('aside', { class: 'panel', 'aria-label': 'Order summary' }, summary)));
  function requireCard() {
    if (!card) throw new Error('The card form has not loaded yet.');
    return card;
  }
  if (publishableKey) {
    cardSlot.replaceChildren();
    try {
      card = await mountPaymentElement(cardSlot, publishableKey, minorUnits(shown.totals.total), shown.totals.total.currency);
    } catch (error) {
      cardSlot.replaceChildren(errorBox(error, 'No card form.'));
      submit.disabled = true;
    }
  }
}

/** A money amount of the API ({ amount, currency }) in the currency's minor units, as Stripe counts. */
function minorUnits(total) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: total.currency }).resolvedOptions().maximumFractionDigits;
  return Math.round(Number(total.amount) * 10 ** digits);
}

function rememberOrder(orderId) {
  const orders = JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '[]').filter((id) => id !== orderId);
  orders.unshift(orderId);
  localStorage.setItem(ORDERS_KEY, JSON.stringify(orders.slice(0, 20)));
}

function recentOrdersView() {
  const orders = JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '[]');
  page('Your orders', orders.length === 0
    ? h('p', {}, 'No orders placed from this browser yet.')
    : h('ul', {}, orders.map((id) => h('li', {}, h('a', { href: `#/orders/${encodeURIComponent(id)}` }, id)))));
}

// ---------------------------------------------------------------- order status

async function orderView(orderId, signal) {
  loading('Your order');
  const path = `orders/${encodeURIComponent(orderId)}`;
  let response;
  try {
    response = await api(path, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      page('Order not found', errorBox(error), h('p', {}, 'Check the address of this page: the order id in it is the only way to the order.'));
      return;
    }
    throw error;
  }

  const live = h('p', { class: 'live', role: 'status' });
  const body = h('div');
  const statusLine = h('p', { 'aria-live': 'polite', 'data-test': 'order-status' });
  const actions = h('div');
  const authentication = h('div');
  page(`Order ${orderId}`, statusLine, live, authentication, actions, body);
  let order = response.data;
  let etag = response.headers.get('etag');
  renderOrder(order, statusLine, body, actions, path);
  config().then((settings) => {
    if (settings.payments === 'simulated') {
      watchAuthentication(orderId, () => order.status, authentication, signal);
    } else if (!signal.aborted) {
      renderOrder(order, statusLine, body, actions, path); // the Stripe key is known now: the 3-D Secure step can show
    }
  }).catch(() => {});

  // Follow the order: each request waits up to 25 s for a change (304 when none); back off on failures.
  let failures = 0;
  while (!signal.aborted && !TERMINAL.has(order.status)) {
    live.textContent = failures === 0 ? 'Following this order live: changes show here as they happen.' : live.textContent;
    try {
      const next = await api(path, { headers: etag ? { 'If-None-Match': etag, Prefer: 'wait=25' } : {}, timeoutMs: 40000, signal });
      failures = 0;
      if (next.status === 200) {
        order = next.data;
        etag = next.headers.get('etag');
        renderOrder(order, statusLine, body, actions, path);
      }
    } catch (error) {
      if (isAbort(error) || signal.aborted) {
        return;
      }
      failures += 1;
      const delay = Math.min(30, 2 ** failures);
      live.textContent = `Lost contact with the shop (${error.message}) Trying again in ${delay} s…`;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, delay * 1000);
        signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
  }
  if (!signal.aborted) {
    live.textContent = 'This order is finished; it will not change any more.';
  }
}

/**
 * The simulated gateway's stand-in for the bank's 3-D Secure window: while the order is placed, look (every 1.5 s)
 * for a payment that waits for the customer, and offer to approve or refuse it (Development endpoints; where they
 * do not exist, say so).
 */
async function watchAuthentication(orderId, statusOf, container, signal) {
  const pause = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 1500);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  while (!signal.aborted && statusOf() === 'placed') {
    let waiting = null;
    try {
      const { data } = await api(`dev/payments?orderId=${encodeURIComponent(orderId)}`, { signal });
      waiting = data.payments.find((p) => p.status === 'requires_action') ?? null;
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof ApiError && error.status === 404) return; // not the simulated gateway in Development
    }
    if (waiting) {
      const answer = await askAuthentication(waiting, container);
      container.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Sending your answer…'));
      try {
        await api(`dev/payments/${encodeURIComponent(waiting.paymentId)}/complete-action?outcome=${answer}`, { method: 'POST', signal });
        container.replaceChildren(h('p', { class: 'hint', role: 'status' }, answer === 'succeeded' ? 'Payment approved; the order continues.' : 'Payment refused.'));
        return;
      } catch (error) {
        if (isAbort(error)) return;
        container.replaceChildren(errorBox(error, 'Your answer did not reach the bank.'));
      }
    }
    await pause();
  }
}

function askAuthentication(payment, container) {
  return new Promise((resolve) => {
    const approve = h('button', { type: 'button', on: { click: () => resolve('succeeded') } }, 'Approve payment');
    const refuse = h('button', { type: 'button', class: 'secondary', on: { click: () => resolve('failed') } }, 'Refuse');
    replace(container, h('section', { class: 'panel', 'aria-labelledby': 'auth-title' },
      h('h2', { id: 'auth-title' }, 'Confirm your payment'),
      h('p', {}, `Your bank asks you to confirm the payment of ${money(payment.amount.amount, payment.amount.currency)} (3-D Secure, simulated in test mode).`),
      h('p', { class: 'row' }, approve, refuse)));
    approve.focus();
  });
}

function renderOrder(order, statusLine, body, actions, path) {
  replace(statusLine, 'Status: ', h('span', { class: `status ${order.status}` }, words(order.status)),
    order.reason ? h('span', {}, ' — ', order.reason) : null);

  replace(actions);
  if (order.status === 'placed' && order.paymentAction?.clientSecret && stripeKey) {
    // Stripe: the bank's 3-D Secure step, in Stripe.js's own frame on this page; the order follows by itself after it.
    const problems = h('div');
    const confirm = h('button', { type: 'button', on: { click: async () => {
      confirm.disabled = true;
      problems.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Waiting for your bank…'));
      try {
        await authenticate(stripeKey, order.paymentAction.clientSecret);
        problems.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Done: your payment is being confirmed.'));
      } catch (error) {
        problems.replaceChildren(errorBox(error, 'Not confirmed.'));
        confirm.disabled = false;
      }
    } } }, 'Confirm your payment');
    actions.append(h('section', { class: 'panel', 'data-test': 'payment-action' }, h('h2', {}, 'Confirm your payment'),
      h('p', {}, 'Your bank asks you to confirm this payment (3-D Secure).'), h('p', {}, confirm), problems));
  } else if (order.status === 'placed' && order.paymentAction?.redirectUrl) {
    // Stripe: the bank's 3-D Secure page, which sends the shopper back to this page.
    actions.append(h('section', { class: 'panel' }, h('h2', {}, 'Confirm your payment'),
      h('p', {}, 'Your bank asks you to confirm this payment (3-D Secure). You come back to this page afterwards.'),
      h('p', {}, h('a', { href: order.paymentAction.redirectUrl, class: 'button' }, 'Confirm with your bank'))));
  }
  if (CANCELLABLE.has(order.status)) {
    const problems = h('div');
    const cancel = h('button', { type: 'button', class: 'danger', on: { click: async () => {
      if (!await confirmDialog('Cancel this order?', 'The stock is released and the payment voided. This cannot be undone.', 'Cancel order', { danger: true })) {
        return;
      }
      cancel.disabled = true;
      problems.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Cancelling…'));
      try {
        const answer = await api(`${path}/cancel`, { method: 'POST', body: { reason: 'Cancelled by the customer on the order page.' } });
        problems.replaceChildren(h('p', { class: 'hint', role: 'status' }, answer.status === 200
          ? 'The order is cancelled.'
          : 'Cancellation requested; the status updates here when it is done.'));
      } catch (error) {
        cancel.disabled = false;
        problems.replaceChildren(errorBox(error, 'Not cancelled.'));
      }
    } } }, 'Cancel order');
    actions.append(h('p', {}, cancel), problems);
  }

  const tracking = order.tracking
    ? h('section', { class: 'panel' }, h('h2', {}, 'Tracking'),
      h('p', {}, `${order.tracking.carrier} · ${order.tracking.trackingNumber} · `,
        h('a', { href: order.tracking.url, target: '_blank', rel: 'noopener noreferrer' }, 'Track the parcel')))
    : null;

  replace(body,
    tracking,
    h('div', { class: 'layout-2' },
      h('section', { class: 'panel' }, h('h2', {}, 'Timeline'),
        h('ol', { class: 'timeline', 'data-test': 'timeline' }, order.timeline.map((e) => h('li', {},
          h('strong', {}, words(e.step)), ' · ', h('time', { datetime: e.at }, when(e.at)), e.detail ? h('div', { class: 'hint' }, e.detail) : null)))),
      h('section', { class: 'panel' }, h('h2', {}, 'Ships to'),
        h('address', {}, [order.shippingAddress.name, order.shippingAddress.line1, order.shippingAddress.line2,
          [order.shippingAddress.city, order.shippingAddress.region, order.shippingAddress.postalCode].filter(Boolean).join(' '),
          order.shippingAddress.country].filter(Boolean).map((line) => h('div', {}, line))))),
    h('section', { class: 'panel' }, h('h2', {}, 'Items'),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col', class: 'num' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'))),
        h('tbody', {}, order.lines.map((l) => h('tr', {}, h('td', {}, l.name), h('td', { class: 'num' }, l.quantity), h('td', { class: 'num' }, l.lineTotal.formatted)))))),
      h('div', { class: 'totals' },
        h('div', {}, h('span', {}, 'Subtotal'), h('span', {}, order.totals.subtotal.formatted)),
        h('div', {}, h('span', {}, 'Shipping'), h('span', {}, order.totals.shipping.formatted)),
        h('div', {}, h('span', {}, 'Tax'), h('span', {}, order.totals.tax.formatted)),
        h('div', { class: 'grand' }, h('span', {}, 'Total'), h('span', {}, order.totals.total.formatted)))),
    h('p', { class: 'hint' }, `Placed ${when(order.placedAt)}. Keep this page's address: the order id in it is the only way back to your order.`));
}

window.addEventListener('hashchange', route);
route();
