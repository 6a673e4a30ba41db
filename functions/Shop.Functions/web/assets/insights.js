// The ops console's restock report and weekly figures: tables and small SVG charts drawn from the admin API
// (GET admin/reorder, GET admin/metrics/weekly), no chart library. Every chart has a text equivalent (a table).
import { h, errorBox, confirmDialog, when } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element: s('rect', { x: 1, class: 'bar' }, child...). */
function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) element.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const number = (v, digits = 1) => v === null || v === undefined ? '–' : Number(v).toLocaleString(undefined, { maximumFractionDigits: digits });
const percent = (v) => v === null || v === undefined ? '–' : `${(Number(v) * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
const money = (minor, currency) => minor === null || minor === undefined
  ? '–'
  : (Number(minor) / 100).toLocaleString(undefined, { style: 'currency', currency: currency || 'USD' });

/**
 * A small chart of one or two series over the weeks: bars for the first, a line for the second (its own scale).
 * `label` names it for assistive technology; the table beside it carries the figures.
 */
function chart(label, weeks, bars, line) {
  const width = 560;
  const height = 180;
  const pad = { left: 8, right: 8, top: 12, bottom: 28 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(weeks.length, 1);
  const scale = (values) => {
    const max = Math.max(0, ...values.filter((v) => v !== null && v !== undefined).map(Number));
    return (v) => pad.top + innerH - (max > 0 ? (Number(v) / max) * innerH : 0);
  };
  const children = [s('title', {}, label)];
  if (bars) {
    const y = scale(weeks.map(bars.value));
    weeks.forEach((w, i) => {
      const v = bars.value(w);
      if (v === null || v === undefined) return;
      const top = y(v);
      children.push(s('rect', { class: 'bar', x: pad.left + i * step + step * 0.15, y: top, width: step * 0.7, height: pad.top + innerH - top },
        s('title', {}, `${w.week}: ${bars.format(v)}`)));
    });
  }
  if (line) {
    const y = scale(weeks.map(line.value));
    const points = weeks.map((w, i) => [w, i]).filter(([w]) => line.value(w) !== null && line.value(w) !== undefined)
      .map(([w, i]) => `${pad.left + i * step + step / 2},${y(line.value(w))}`);
    if (points.length > 0) {
      children.push(s('polyline', { class: 'line', points: points.join(' ') }));
      weeks.forEach((w, i) => {
        const v = line.value(w);
        if (v === null || v === undefined) return;
        children.push(s('circle', { class: 'dot', cx: pad.left + i * step + step / 2, cy: y(v), r: 3.5 }, s('title', {}, `${w.week}: ${line.format(v)}`)));
      });
    }
  }
  const known = (series) => series && weeks.some((w) => series.value(w) !== null && series.value(w) !== undefined);
  if (!known(bars) && !known(line)) {
    children.push(s('text', { class: 'axis', x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No data in these weeks yet'));
  }
  weeks.forEach((w, i) => {
    if (weeks.length <= 12 || i % 2 === 0) {
      children.push(s('text', { class: 'axis', x: pad.left + i * step + step / 2, y: height - 8, 'text-anchor': 'middle' }, w.week.slice(5)));
    }
  });
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, children);
}

function figureCard(title, legend, svg) {
  return h('figure', { class: 'panel chart-card' }, h('figcaption', {}, h('strong', {}, title), ' ', h('span', { class: 'hint' }, legend)), svg);
}

/** #/metrics: the weekly rollups as charts, the latest week's returns by product, and the alerts. */
export async function metricsView(ctx, signal) {
  const { page, admin, handleRefusal } = ctx;
  page('Weekly metrics', 'metrics', h('p', { class: 'loading', role: 'status' }, 'Loading the weekly figures…'));
  const weeks = (await admin('admin/metrics/weekly?weeks=12', { signal })).data.weeks;
  const outcome = h('div', { 'aria-live': 'polite' });
  const rollUp = h('button', { type: 'button', class: 'secondary', on: { click: async () => {
    if (!await confirmDialog('Roll up this week?', 'Compute the figures of the week so far now (the Monday timer rolls up each finished week)? Alerts and the ops email go out once per week.', 'Roll up')) return;
    rollUp.disabled = true;
    try {
      await admin('admin/jobs/weekly-metrics?week=current', { method: 'POST' });
      ctx.route();
    } catch (error) {
      if (!handleRefusal(error)) outcome.replaceChildren(errorBox(error, 'Not rolled up.'));
      rollUp.disabled = false;
    }
  } } }, 'Roll up this week so far');
  if (weeks.length === 0) {
    page('Weekly metrics', 'metrics', outcome, h('p', {}, 'No week has been rolled up yet.'), rollUp);
    return;
  }
  const latest = weeks[weeks.length - 1];
  const currency = latest.currency;
  const alerts = weeks.flatMap((w) => (w.alerts ?? []).map((a) => ({ ...a, week: w.week }))).reverse();
  page('Weekly metrics', 'metrics',
    outcome,
    h('div', { class: 'toolbar' }, rollUp),
    h('div', { class: 'charts' },
      figureCard('Orders and revenue', 'bars: orders · line: revenue', chart('Orders (bars) and revenue (line) per week', weeks,
        { value: (w) => w.orders, format: (v) => `${number(v, 0)} orders` },
        { value: (w) => w.revenueMinor, format: (v) => money(v, currency) })),
      figureCard('Order cycle time', 'placed → shipped, hours · bars: p50 · line: p90', chart('Order cycle time p50 (bars) and p90 (line) in hours', weeks,
        { value: (w) => w.cycleTimeP50Hours, format: (v) => `p50 ${number(v, 2)} h` },
        { value: (w) => w.cycleTimeP90Hours, format: (v) => `p90 ${number(v, 2)} h` })),
      figureCard('Cart abandonment', 'share of carts with lines not checked out', chart('Cart abandonment rate per week', weeks,
        { value: (w) => w.cartAbandonmentRate, format: percent }, null)),
      figureCard('Return rate', 'returned ÷ sold units', chart('Return rate per week', weeks,
        { value: (w) => w.returnRate, format: percent }, null))),
    h('h2', {}, 'Anomaly alerts'),
    alerts.length === 0
      ? h('p', {}, 'No alert in these weeks.')
      : h('ul', { class: 'alerts', 'data-test': 'anomaly-alerts' }, alerts.map((a) => h('li', {}, h('strong', {}, `${a.week} · ${a.rule.replaceAll('_', ' ')}: `), `${a.value}, expected ${a.baseline}. ${a.detail}`))),
    h('h2', {}, 'Figures by week'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Weekly figures'),
      h('thead', {}, h('tr', {}, ['Week', 'Orders', 'Revenue', 'AOV', 'Cycle p50 / p90 (h)', 'Within SLA', 'Turnover', 'Abandonment', 'Returns', 'Payment failures', 'New / returning', 'CLV mean / top 10 %'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, weeks.map((w) => h('tr', { 'data-week': w.week },
        h('th', { scope: 'row' }, w.week),
        h('td', { class: 'num' }, number(w.orders, 0)),
        h('td', { class: 'num' }, money(w.revenueMinor, w.currency)),
        h('td', { class: 'num' }, money(w.averageOrderValueMinor, w.currency)),
        h('td', { class: 'num' }, `${number(w.cycleTimeP50Hours, 2)} / ${number(w.cycleTimeP90Hours, 2)}`),
        h('td', { class: 'num' }, percent(w.shippedWithinSlaShare)),
        h('td', { class: 'num' }, number(w.inventoryTurnover, 2)),
        h('td', { class: 'num' }, percent(w.cartAbandonmentRate)),
        h('td', { class: 'num' }, percent(w.returnRate)),
        h('td', { class: 'num' }, percent(w.paymentFailureRate)),
        h('td', { class: 'num' }, `${number(w.newCustomers, 0)} / ${number(w.returningCustomers, 0)}`),
        h('td', { class: 'num' }, `${money(w.lifetimeValueMeanMinor, w.currency)} / ${money(w.lifetimeValueTopDecileMeanMinor, w.currency)}`)))))),
    h('h2', {}, `Returns by product, ${latest.week}`),
    (latest.returnsByProduct ?? []).length === 0
      ? h('p', {}, 'No returns that week.')
      : h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', { class: 'sr-only' }, 'Returns by product'),
        h('thead', {}, h('tr', {}, ['SKU', 'Returned', 'Sold', 'Return rate', 'Reasons'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, latest.returnsByProduct.map((r) => h('tr', {},
          h('th', { scope: 'row' }, r.sku),
          h('td', { class: 'num' }, number(r.returnedUnits, 0)),
          h('td', { class: 'num' }, number(r.soldUnits, 0)),
          h('td', { class: 'num' }, percent(r.returnRate)),
          h('td', {}, Object.entries(r.reasons ?? {}).map(([reason, units]) => `${reason.replaceAll('_', ' ')} ${units}`).join(', '))))))),
    h('p', { class: 'hint' }, `Last computed ${when(latest.computedAt)}.`));
}

/** #/reorder: SKUs at or below their reorder point (fewest days of cover first) and slow movers. */
export async function reorderView(ctx, signal) {
  const { page, admin, handleRefusal } = ctx;
  page('Restock', 'reorder', h('p', { class: 'loading', role: 'status' }, 'Loading the restock report…'));
  const report = (await admin('admin/reorder', { signal })).data;
  const outcome = h('div', { 'aria-live': 'polite' });
  const run = h('button', { type: 'button', class: 'secondary', on: { click: async () => {
    if (!await confirmDialog('Run the restock check?', 'Check every SKU now (the daily timer does it at 05:00 UTC)? Ops are alerted once per SKU that reaches its reorder point.', 'Run the check')) return;
    run.disabled = true;
    try {
      const started = (await admin('admin/jobs/reorder', { method: 'POST' })).data;
      outcome.replaceChildren(h('p', { role: 'status', class: 'free-shipping' }, `${started.items} SKU checks queued; the report fills in as they run.`));
    } catch (error) {
      if (!handleRefusal(error)) outcome.replaceChildren(errorBox(error, 'The check did not start.'));
    } finally {
      run.disabled = false;
    }
  } } }, 'Run the check now');
  const table = (caption, lines, columns) => lines.length === 0
    ? h('p', {}, 'None.')
    : h('div', { class: 'table-wrap' }, h('table', { 'data-test': caption },
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, columns.map(([name]) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, lines.map((l) => h('tr', { 'data-sku': l.sku }, columns.map(([, cell], i) => i === 0 ? h('th', { scope: 'row' }, cell(l)) : h('td', { class: 'num' }, cell(l))))))));
  page('Restock', 'reorder',
    outcome,
    h('div', { class: 'toolbar' }, run),
    h('p', { class: 'hint' }, 'Velocity: units sold per day over the window. Reorder point: velocity × (lead time + cover days), never below the point set by hand.'),
    h('h2', {}, 'At or below the reorder point'),
    table('SKUs to reorder', report.atOrBelowReorderPoint, [
      ['SKU', (l) => l.sku], ['Available', (l) => l.available], ['Velocity / day', (l) => number(l.velocity, 3)],
      ['Lead time (days)', (l) => l.leadTimeDays], ['Reorder point', (l) => l.reorderPoint], ['Days of cover', (l) => number(l.daysOfCover)],
      ['Suggested order', (l) => l.suggestedOrderQuantity], ['Checked', (l) => l.assessedOn]]),
    h('h2', {}, 'Slow movers'),
    table('Slow movers', report.slowMovers, [
      ['SKU', (l) => l.sku], ['On hand', (l) => l.onHand], ['Last sold', (l) => l.lastSoldAt ? when(l.lastSoldAt) : 'never'], ['Checked', (l) => l.assessedOn]]));
}
