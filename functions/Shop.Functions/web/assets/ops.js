// The ops console: orders (stuck and failed first) with their workflow, the actions ops take on them, stock, the
// email outbox and an order's durable history. The admin key lives in this tab's sessionStorage only and travels
// in the X-Admin-Key header, never in a URL. Routes: #/orders, #/orders/ID, #/stock, #/reorder, #/metrics, #/outbox.
import { api, ApiError, isAbort } from './api.js';
import { metricsView, reorderView } from './insights.js';
import { h, replace, errorBox, field, setFieldError, when, words, confirmDialog } from './dom.js';

const main = document.getElementById('main');
const nav = document.getElementById('ops-nav');
const KEY = 'shop.adminKey';
const STATUSES = ['placed', 'confirmed', 'picking', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'payment_failed', 'rejected'];
const STUCK_AFTER_MS = 5 * 60 * 1000;
let viewController = null;
let routed = false;

// ---------------------------------------------------------------- admin key and calls

/** An admin API call with the key this tab holds (none when signed out: the API then answers 401). */
function admin(path, options = {}) {
  const key = sessionStorage.getItem(KEY);
  return api(path, { ...options, headers: { ...(options.headers ?? {}), ...(key ? { 'X-Admin-Key': key } : {}) } });
}

/** A refused key (401/403) ends the session: back to sign-in with the API's reason. */
function handleRefusal(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    sessionStorage.removeItem(KEY);
    signInView(`The API refused the request (HTTP ${error.status}): ${error.message} Sign in with a valid admin key.`);
    return true;
  }
  return false;
}

function signInView(message) {
  nav.hidden = true;
  document.title = 'Sign in · Shop ops';
  const key = field('admin-key', 'Admin key', { type: 'password', autocomplete: 'current-password', required: true },
    'Kept in this browser tab only (session storage) and sent as the X-Admin-Key header.');
  const problems = h('div', { tabindex: '-1' }, message ? errorBox(new Error(message)) : null);
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'panel', on: { submit: async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    setFieldError(key, null);
    submit.disabled = true;
    try {
      // Any admin read proves the key.
      await api('admin/orders?pageSize=1', { headers: { 'X-Admin-Key': key.input.value } });
      sessionStorage.setItem(KEY, key.input.value);
      if (!location.hash.startsWith('#/')) {
        location.hash = '#/orders';
      }
      route();
    } catch (error) {
      setFieldError(key, error instanceof ApiError && (error.status === 401 || error.status === 403) ? 'This key was refused.' : null);
      problems.replaceChildren(errorBox(error, 'Not signed in.'));
      problems.focus();
    } finally {
      submit.disabled = false;
    }
  } } }, problems, key.wrap, submit);
  replace(main, h('h1', {}, 'Sign in to the ops console'), form);
  key.input.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  viewController?.abort();
  signInView();
});

// ---------------------------------------------------------------- routing

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash : '#/orders';
  if (location.hash && !location.hash.startsWith('#/') && routed) {
    return; // an in-page anchor (the skip link), not a view
  }
  routed = true;
  viewController?.abort();
  if (!sessionStorage.getItem(KEY)) {
    signInView();
    return;
  }
  nav.hidden = false;
  viewController = new AbortController();
  const signal = viewController.signal;
  const [path, query = ''] = hash.slice(2).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  let view;
  if (parts[0] === 'orders' && parts[1]) {
    view = orderView(parts[1], signal);
  } else if (parts[0] === 'stock') {
    view = stockView(signal);
  } else if (parts[0] === 'reorder') {
    view = reorderView({ page, admin, handleRefusal, route }, signal);
  } else if (parts[0] === 'metrics') {
    view = metricsView({ page, admin, handleRefusal, route }, signal);
  } else if (parts[0] === 'outbox') {
    view = outboxView(params, signal);
  } else {
    view = ordersView(params, signal);
  }
  Promise.resolve(view).catch((error) => {
    if (isAbort(error) || handleRefusal(error)) {
      return;
    }
    main.append(errorBox(error, 'This view could not be loaded.'), h('button', { type: 'button', class: 'secondary', on: { click: route } }, 'Try again'));
  });
}

function page(title, current, ...content) {
  document.title = `${title} · Shop ops`;
  const tab = (href, label, name) => h('a', { href, class: current === name ? 'button' : 'button secondary', 'aria-current': current === name ? 'page' : null }, label);
  return replace(main,
    h('nav', { class: 'tabs', 'aria-label': 'Sections' }, tab('#/orders', 'Orders', 'orders'), tab('#/stock', 'Stock', 'stock'), tab('#/reorder', 'Restock', 'reorder'), tab('#/metrics', 'Weekly metrics', 'metrics'), tab('#/outbox', 'Email outbox', 'outbox')),
    h('h1', {}, title), content);
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pooled(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

function customStatus(text) {
  if (!text) {
    return null;
  }
  try {
    return typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    return { waitingFor: String(text) };
  }
}

function describeWorkflow(workflow) {
  if (!workflow) {
    return 'no workflow';
  }
  const custom = customStatus(workflow.customStatus);
  const parts = [words(workflow.runtimeStatus).toLowerCase()];
  if (custom?.step && custom.step !== parts[0]) parts.push(words(custom.step));
  if (custom?.waitingFor && ['running', 'pending', 'suspended'].includes(parts[0])) {
    parts.push(`waiting for ${custom.waitingFor}${custom.until ? ` until ${when(custom.until)}` : ''}`);
  }
  return parts.join(' · ');
}

/** Why an order needs a look (failed workflows, then stuck or overdue ones), or null. Lower rank = more urgent. */
function attention(summary, detail, now) {
  const workflow = detail?.workflow;
  const runtime = (workflow?.runtimeStatus ?? '').toLowerCase();
  if (['failed', 'terminated'].includes(runtime) && !['cancelled', 'delivered', 'rejected', 'payment_failed'].includes(summary.status)) {
    return { rank: 0, why: `workflow ${runtime}` };
  }
  if (runtime === 'failed') {
    return { rank: 0, why: 'workflow failed' };
  }
  if (runtime === 'suspended') {
    return { rank: 1, why: 'workflow suspended' };
  }
  if (!workflow && !['cancelled', 'delivered', 'rejected', 'payment_failed'].includes(summary.status)) {
    return { rank: 1, why: 'no workflow found' };
  }
  const until = customStatus(workflow?.customStatus)?.until;
  if (until && Date.parse(until) < now && runtime === 'running') {
    return { rank: 2, why: 'overdue wait' };
  }
  if (summary.status === 'placed' && now - Date.parse(summary.placedAt) > STUCK_AFTER_MS) {
    return { rank: 2, why: 'placed and not moving' };
  }
  return null;
}

// ---------------------------------------------------------------- orders

async function ordersView(params, signal) {
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 6 * 86400000).toISOString().slice(0, 10);
  const status = params.get('status') ?? '';
  const from = params.get('from') ?? weekAgo;
  const to = params.get('to') ?? today;

  const statusField = field('filter-status', 'Status', { tag: 'select', options: [h('option', { value: '' }, 'All'),
    ...STATUSES.map((s) => h('option', { value: s, selected: s === status }, words(s)))] });
  const fromField = field('filter-from', 'Placed from', { type: 'date', value: from });
  const toField = field('filter-to', 'to', { type: 'date', value: to });
  const filters = h('form', { class: 'toolbar', on: { submit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ from: fromField.input.value, to: toField.input.value });
    if (statusField.input.value) query.set('status', statusField.input.value);
    location.hash = `#/orders?${query}`;
  } } }, statusField.wrap, fromField.wrap, toField.wrap, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Show')));

  const results = h('div', {}, h('p', { class: 'loading', role: 'status' }, 'Loading orders…'));
  page('Orders', 'orders', filters, h('p', { class: 'hint' }, 'Orders that need a look (failed or stuck workflows, overdue waits) come first.'), results);

  const query = new URLSearchParams({ from, to, pageSize: '50' });
  if (status) query.set('status', status);
  const rows = [];
  const body = h('tbody');
  const more = h('div');
  const loadPage = async (token) => {
    if (token) query.set('continuationToken', token);
    const listed = (await admin(`admin/orders?${query}`, { signal })).data;
    const details = await pooled(listed.items, 6, (o) => admin(`admin/orders/${encodeURIComponent(o.orderId)}`, { signal })
      .then((r) => r.data).catch((error) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
        return null;
      }));
    const now = Date.now();
    listed.items.forEach((summary, i) => rows.push({ summary, detail: details[i], flag: attention(summary, details[i], now) }));
    rows.sort((a, b) => (a.flag?.rank ?? 9) - (b.flag?.rank ?? 9) || Date.parse(b.summary.placedAt) - Date.parse(a.summary.placedAt));
    replace(body, rows.map(orderRow));
    replace(more, listed.continuationToken
      ? h('button', { type: 'button', class: 'secondary', on: { click: () => loadPage(listed.continuationToken).catch(showError) } }, 'Load more')
      : null);
  };
  const showError = (error) => {
    if (!isAbort(error) && !handleRefusal(error)) more.replaceChildren(errorBox(error, 'Orders not loaded.'));
  };
  await loadPage(null);
  replace(results, rows.length === 0 ? h('p', {}, 'No orders in this range.') : h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'sr-only' }, 'Orders'),
    h('thead', {}, h('tr', {}, ['Order', 'Placed', 'Customer', 'Total', 'Status', 'Workflow', 'Needs a look'].map((c) => h('th', { scope: 'col' }, c)))),
    body)), more);
}

function orderRow({ summary, detail, flag }) {
  return h('tr', { class: flag ? 'attention' : null, 'data-order': summary.orderId },
    h('td', {}, h('a', { href: `#/orders/${encodeURIComponent(summary.orderId)}` }, summary.orderId)),
    h('td', {}, when(summary.placedAt)),
    h('td', {}, summary.email),
    h('td', { class: 'num' }, summary.total.formatted),
    h('td', {}, h('span', { class: `status ${summary.status}` }, words(summary.status))),
    h('td', {}, detail ? describeWorkflow(detail.workflow) : 'unknown'),
    h('td', {}, flag ? h('strong', {}, flag.why) : ''));
}

// ---------------------------------------------------------------- one order

async function orderView(orderId, signal) {
  page(`Order ${orderId}`, 'orders', h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  const detail = (await admin(`admin/orders/${encodeURIComponent(orderId)}`, { signal })).data;
  const order = detail.order;
  const outcome = h('div', { tabindex: '-1', 'aria-live': 'polite' });
  const history = h('div');

  page(`Order ${orderId}`, 'orders',
    h('p', { 'data-test': 'ops-order-status' }, 'Status: ', h('span', { class: `status ${order.status}` }, words(order.status)), order.reason ? ` — ${order.reason}` : ''),
    h('div', { class: 'layout-2' },
      h('section', { class: 'panel' }, h('h2', {}, 'Workflow'),
        h('p', {}, describeWorkflow(detail.workflow)),
        detail.workflow ? h('p', { class: 'hint' }, `Last update ${when(detail.workflow.lastUpdatedAt)}`) : null,
        detail.workflow?.failure ? h('pre', {}, detail.workflow.failure) : null,
        h('p', {}, h('button', { type: 'button', class: 'secondary', on: { click: () => showHistory(orderId, history).catch((e) => {
          if (!handleRefusal(e)) history.replaceChildren(errorBox(e, 'History not loaded.'));
        }) } }, 'Show durable history'), ' ',
        h('a', { href: `#/outbox?orderId=${encodeURIComponent(orderId)}` }, 'Emails of this order'))),
      h('section', { class: 'panel' }, h('h2', {}, 'Customer and payment'),
        h('p', {}, detail.email),
        h('p', {}, `Payment: ${detail.paymentMethod}${detail.paymentId ? ` (${detail.paymentId})` : ''}`),
        h('p', {}, `Total ${order.totals.total.formatted} · placed ${when(order.placedAt)}`),
        order.tracking ? h('p', {}, `${order.tracking.carrier} ${order.tracking.trackingNumber} · `, h('a', { href: order.tracking.url, target: '_blank', rel: 'noopener noreferrer' }, 'tracking')) : null)),
    h('section', { class: 'panel' }, h('h2', {}, 'Actions'), outcome, actionForms(orderId, order, outcome)),
    h('section', { class: 'panel' }, h('h2', {}, 'Timeline'),
      h('ol', { class: 'timeline' }, order.timeline.map((e) => h('li', {}, h('strong', {}, words(e.step)), ` · ${when(e.at)}`, e.detail ? h('div', { class: 'hint' }, e.detail) : null)))),
    h('section', { class: 'panel' }, h('h2', {}, 'Items'),
      h('ul', {}, order.lines.map((l) => h('li', {}, `${l.quantity} × ${l.name} (${l.sku}) — ${l.lineTotal.formatted}`)))),
    history);
}

/** One form per action; each asks for confirmation, then shows the API's answer and reloads the order. */
function actionForms(orderId, order, outcome) {
  const id = encodeURIComponent(orderId);
  const forms = [];
  const action = ({ name, title, fields, confirmText, danger, call }) => {
    const submit = h('button', { type: 'submit', class: danger ? 'danger' : '' }, title);
    const form = h('form', { 'aria-label': title, on: { submit: async (event) => {
      event.preventDefault();
      fields.forEach((f) => setFieldError(f, null));
      let request;
      try {
        request = call();
      } catch (error) {
        outcome.replaceChildren(errorBox(error, `${title}: not sent.`));
        return;
      }
      if (!await confirmDialog(`${title}?`, confirmText(), title, { danger })) {
        return;
      }
      submit.disabled = true;
      outcome.replaceChildren(h('p', { class: 'hint', role: 'status' }, `${title}: sending…`));
      try {
        const response = await request();
        // 200: the workflow decided (the order is in its new state); 202: it has not decided yet.
        const said = response.status === 200 ? 'done' : 'accepted, the order follows when the workflow decides';
        outcome.replaceChildren(h('p', { role: 'status', class: 'free-shipping' }, `${title}: ${said} (HTTP ${response.status}).`),
          h('button', { type: 'button', class: 'secondary', on: { click: route } }, 'Reload the order'));
        await followOrder(orderId, order.status);
      } catch (error) {
        if (handleRefusal(error)) return;
        for (const [key, messages] of Object.entries(error.fieldErrors ?? {})) {
          const f = fields.find((candidate) => candidate.input.name === key);
          if (f) setFieldError(f, [].concat(messages).join(' '));
        }
        outcome.replaceChildren(errorBox(error, `${title}: refused.`));
        outcome.focus();
      } finally {
        submit.disabled = false;
      }
    } } }, h('h3', {}, title), fields.map((f) => f.wrap), submit);
    form.dataset.action = name;
    forms.push(form);
  };

  action({
    name: 'picking', title: 'Start picking', fields: [],
    confirmText: () => `Record that the warehouse took ${orderId}'s pick list? From then on the customer can no longer cancel it.`,
    call: () => () => admin(`admin/orders/${id}/picking`, { method: 'POST' }),
  });
  const carrier = field('ship-carrier', 'Carrier', { name: 'carrier', value: 'UPS', required: true, maxlength: 50 });
  const tracking = field('ship-tracking', 'Tracking number', { name: 'trackingNumber', required: true, maxlength: 100 });
  action({
    name: 'ship', title: 'Ship', fields: [carrier, tracking],
    confirmText: () => `Record that ${orderId} shipped with ${carrier.input.value} ${tracking.input.value}? The payment is captured and the stock sold.`,
    call: () => () => admin(`admin/orders/${id}/shipments`, { method: 'POST', body: { carrier: carrier.input.value.trim(), trackingNumber: tracking.input.value.trim() } }),
  });
  const cancelReason = field('cancel-reason', 'Reason (optional)', { name: 'reason' });
  action({
    name: 'cancel', title: 'Cancel order', fields: [cancelReason], danger: true,
    confirmText: () => 'Cancel the order? The stock is released, the payment voided and the customer told.',
    call: () => () => admin(`orders/${id}/cancel`, { method: 'POST', body: { reason: cancelReason.input.value.trim() || 'Cancelled by ops.' } }),
  });
  const rewindReason = field('rewind-reason', 'Reason', { name: 'reason', value: 'Retried from the ops console' });
  action({
    name: 'rewind', title: 'Retry (rewind)', fields: [rewindReason],
    confirmText: () => 'Re-run the failed workflow from its last failure? The failed steps run again.',
    call: () => () => admin(`admin/instances/${id}/rewind`, { method: 'POST', body: { reason: rewindReason.input.value.trim() || null } }),
  });
  const terminateReason = field('terminate-reason', 'Reason', { name: 'reason', value: 'Terminated from the ops console' });
  action({
    name: 'terminate', title: 'Terminate workflow', fields: [terminateReason], danger: true,
    confirmText: () => 'Stop the workflow now? Nothing compensates for it: holds and payments stay as they are until handled.',
    call: () => () => admin(`admin/instances/${id}/terminate`, { method: 'POST', body: { reason: terminateReason.input.value.trim() || null } }),
  });
  const eventName = field('event-name', 'Event name', { name: 'eventName', required: true, pattern: '[A-Za-z0-9_.-]{1,100}' });
  const eventPayload = field('event-payload', 'Payload (JSON)', { tag: 'textarea', name: 'payload', spellcheck: 'false' }, 'Leave empty for none.');
  action({
    name: 'raise', title: 'Raise event', fields: [eventName, eventPayload],
    confirmText: () => `Raise "${eventName.input.value}" to the workflow of ${orderId}?`,
    call: () => {
      const text = eventPayload.input.value.trim();
      let payload;
      try {
        payload = text ? JSON.parse(text) : undefined;
      } catch {
        setFieldError(eventPayload, 'This is not valid JSON.');
        throw new Error('The payload is not valid JSON.');
      }
      return () => admin(`admin/instances/${id}/events/${encodeURIComponent(eventName.input.value.trim())}`, { method: 'POST', body: payload ?? null });
    },
  });
  return h('div', { class: 'actions-grid' }, forms);
}

/** After an action: waits (up to 10 s, the order endpoint's long poll) for the order to change, then reloads the view. */
async function followOrder(orderId, status) {
  const path = `orders/${encodeURIComponent(orderId)}`;
  try {
    const first = await api(path);
    if (first.data.status === status) {
      await api(path, { headers: { 'If-None-Match': first.headers.get('etag'), Prefer: 'wait=10' }, timeoutMs: 20000 });
    }
  } catch {
    // The reload below shows whatever state there is.
  }
  if (location.hash.startsWith(`#/orders/${encodeURIComponent(orderId)}`)) {
    route();
  }
}

async function showHistory(orderId, container) {
  container.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading history…'));
  const instance = (await admin(`admin/instances/${encodeURIComponent(orderId)}?history=true`)).data;
  const short = (value) => {
    if (value === undefined || value === null) return '';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  };
  replace(container, h('section', { class: 'panel' },
    h('h2', {}, 'Durable history'),
    h('p', {}, `${instance.name} · ${words(instance.runtimeStatus)} · created ${when(instance.createdAt)} · updated ${when(instance.lastUpdatedAt)}`),
    instance.failureDetails ? h('pre', {}, JSON.stringify(instance.failureDetails, null, 2)) : null,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'History events'),
      h('thead', {}, h('tr', {}, ['#', 'Time', 'Event', 'Name', 'Details'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (instance.history ?? []).map((e) => h('tr', {},
        h('td', { class: 'num' }, e.sequence),
        h('td', {}, when(e.timestamp)),
        h('td', {}, words(e.eventType)),
        h('td', {}, e.name ?? ''),
        h('td', {},
          [e.taskId != null ? `task ${e.taskId}` : null, e.fireAt ? `fires ${when(e.fireAt)}` : null, e.reason, short(e.input), short(e.result)].filter(Boolean).join(' · '),
          e.failure ? h('details', {}, h('summary', {}, 'Failure'), h('pre', {}, JSON.stringify(e.failure, null, 2))) : null))))))));
}

// ---------------------------------------------------------------- stock

async function stockView(signal) {
  page('Stock', 'stock', h('p', { class: 'loading', role: 'status' }, 'Loading stock…'));
  const products = [];
  let token = null;
  do {
    const query = new URLSearchParams({ pageSize: '100' });
    if (token) query.set('continuationToken', token);
    const listed = (await api(`products?${query}`, { signal })).data;
    products.push(...listed.items);
    token = listed.continuationToken;
  } while (token);
  const levels = await pooled(products, 6, (p) => admin(`admin/stock/${encodeURIComponent(p.sku)}`, { signal }).then((r) => r.data));
  const outcome = h('div', { 'aria-live': 'polite' });
  const rows = products.map((p, i) => stockRow(p, levels[i], outcome));
  page('Stock', 'stock',
    h('p', { class: 'hint' }, 'Active products. Available = on hand − held; a SKU at or below its reorder point needs reordering.'),
    outcome,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Stock by SKU'),
      h('thead', {}, h('tr', {}, ['SKU', 'Product', 'On hand', 'Held', 'Available', 'Reorder point', 'Days of cover', 'Receive'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))));
}

function stockRow(product, level, outcome) {
  const row = h('tr', { 'data-sku': product.sku });
  const render = (stock) => {
    const qtyId = `receive-${product.sku}`;
    const quantity = h('input', { id: qtyId, type: 'number', min: 1, max: 1000000, inputmode: 'numeric', required: true, class: 'qty' });
    const submit = h('button', { type: 'submit', class: 'secondary' }, 'Receive');
    const form = h('form', { class: 'row', on: { submit: async (event) => {
      event.preventDefault();
      const units = Number.parseInt(quantity.value, 10);
      if (!await confirmDialog('Receive stock?', `Record ${units} units of ${product.sku} received from the supplier?`, 'Receive')) {
        return;
      }
      submit.disabled = true;
      try {
        const updated = (await admin(`admin/stock/${encodeURIComponent(product.sku)}/receipts`, { method: 'POST', body: { quantity: units, note: 'Received in the ops console' } })).data;
        outcome.replaceChildren(h('p', { role: 'status', class: 'free-shipping' }, `${product.sku}: ${units} received; ${updated.available} available.`));
        render(updated);
      } catch (error) {
        if (!handleRefusal(error)) outcome.replaceChildren(errorBox(error, `${product.sku}: not received.`));
        submit.disabled = false;
      }
    } } }, h('label', { for: qtyId, class: 'sr-only' }, `Units of ${product.sku} received`), quantity, submit);
    replace(row,
      h('td', {}, product.sku),
      h('td', {}, product.name),
      h('td', { class: 'num' }, stock.onHand),
      h('td', { class: 'num' }, stock.held),
      h('td', { class: 'num' }, stock.available),
      h('td', { class: 'num' }, stock.reorderPoint, stock.needsReorder ? h('div', { class: 'avail out' }, 'reorder now') : null),
      h('td', { class: 'num' }, stock.daysOfCover ?? '–'),
      h('td', {}, form));
  };
  render(level);
  return row;
}

// ---------------------------------------------------------------- email outbox

async function outboxView(params, signal) {
  const orderId = params.get('orderId') ?? '';
  const filter = field('outbox-order', 'Order id', { value: orderId });
  const form = h('form', { class: 'toolbar', on: { submit: (event) => {
    event.preventDefault();
    const value = filter.input.value.trim();
    location.hash = value ? `#/outbox?orderId=${encodeURIComponent(value)}` : '#/outbox';
  } } }, filter.wrap, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Show')));
  const reader = h('div', { tabindex: '-1' });
  page('Email outbox', 'outbox', form, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  const query = new URLSearchParams({ top: '50' });
  if (orderId) query.set('orderId', orderId);
  let messages;
  try {
    messages = (await api(`dev/outbox?${query}`, { signal })).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      page('Email outbox', 'outbox', errorBox(error, 'No outbox here:'), h('p', { class: 'hint' }, 'The outbox exists in Development while SendGrid is not configured.'));
      return;
    }
    throw error;
  }
  page('Email outbox', 'outbox', form,
    h('p', { class: 'hint' }, 'Development only: the email the app would have sent, newest first.'),
    messages.length === 0 ? h('p', {}, 'No messages.') : h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Outbox messages'),
      h('thead', {}, h('tr', {}, ['Sent', 'To', 'Template', 'Subject', 'Order', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, messages.map((m) => h('tr', {},
        h('td', {}, when(m.sentAt)), h('td', {}, m.to), h('td', {}, words(m.template)), h('td', {}, m.subject),
        h('td', {}, m.orderId ? h('a', { href: `#/orders/${encodeURIComponent(m.orderId)}` }, m.orderId) : ''),
        h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Read "${m.subject}"`, on: { click: () => readMessage(m, reader) } }, 'Read'))))))),
    reader);
}

async function readMessage(message, reader) {
  reader.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading message…'));
  try {
    const { data } = await api(`dev/outbox/${encodeURIComponent(message.id)}?format=text`);
    replace(reader, h('section', { class: 'panel' }, h('h2', {}, message.subject), h('p', { class: 'hint' }, `To ${message.to} · ${when(message.sentAt)}`), h('pre', {}, data)));
  } catch (error) {
    reader.replaceChildren(errorBox(error, 'Message not loaded.'));
  }
  reader.focus();
}

window.addEventListener('hashchange', route);
route();
