// Reviews on the storefront: a product's rating and newest reviews (on its page), the review form a review-request
// email links to (#/review?token=...), and the unsubscribe page of every marketing email (#/unsubscribe?token=...).
import { api, ApiError } from './api.js';
import { h, errorBox, field, setFieldError, when } from './dom.js';

const STARS = ['', '1 star: poor', '2 stars: fair', '3 stars: good', '4 stars: very good', '5 stars: excellent'];

/** "4.5 out of 5 (12 reviews)", or "No reviews yet". */
export function ratingText(rating) {
  if (!rating || !rating.count) {
    return 'No reviews yet';
  }
  return `${rating.average.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} out of 5 (${rating.count} ${rating.count === 1 ? 'review' : 'reviews'})`;
}

/** The product page's reviews section: the newest reviews, with a "More reviews" button while there are more. */
export function reviewsSection(sku, signal) {
  const list = h('ol', { class: 'reviews' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More reviews');
  const status = h('p', { class: 'hint', role: 'status' }, 'Loading reviews…');
  let token = null;
  async function load() {
    more.disabled = true;
    try {
      const query = token ? `?pageSize=5&continuationToken=${encodeURIComponent(token)}` : '?pageSize=5';
      const { data } = await api(`products/${encodeURIComponent(sku)}/reviews${query}`, { signal });
      status.textContent = data.items.length === 0 && !token ? 'No reviews yet.' : '';
      list.append(...data.items.map(reviewItem));
      token = data.continuationToken ?? null;
      more.hidden = !token;
    } catch (error) {
      if (error?.name !== 'AbortError') {
        status.replaceChildren(errorBox(error, 'Reviews could not be loaded.'));
      }
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  load();
  return h('section', { class: 'panel', 'aria-label': 'Reviews' }, h('h2', {}, 'Reviews'), status, list, more);
}

function reviewItem(review) {
  return h('li', { class: 'review' },
    h('p', {}, h('strong', {}, `${'★'.repeat(review.rating)}${'☆'.repeat(5 - review.rating)}`), h('span', { class: 'sr-only' }, STARS[review.rating]), ' ', review.title),
    h('p', {}, review.body),
    h('p', { class: 'hint' }, review.author, review.verified ? ' · Verified buyer' : '', ' · ', when(review.updatedAt)));
}

/** The review form of a review link. `show(title, ...content)` renders the page. */
export async function reviewView(params, signal, show) {
  const token = params.get('token') ?? '';
  let form;
  try {
    form = (await api(`reviews/form?token=${encodeURIComponent(token)}`, { signal })).data;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 400)) {
      show('Review link not valid', errorBox(error), h('p', {}, 'Review links work for a while after delivery. ', h('a', { href: '#/' }, 'Back to the catalog')));
      return;
    }
    throw error;
  }
  const existing = form.review;
  const rating = field('rating', 'Rating', { tag: 'select', required: true, options: [5, 4, 3, 2, 1].map((n) => h('option', { value: n, selected: existing ? existing.rating === n : n === 5 }, STARS[n])) });
  const title = field('title', 'Title', { value: existing?.title ?? '', maxlength: 120, required: true });
  const body = field('body', 'Your review', { tag: 'textarea', rows: 6, maxlength: 4000, required: true });
  body.input.value = existing?.body ?? '';
  const fields = { rating, title, body };
  const outcome = h('div', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, existing ? 'Update review' : 'Post review');
  const element = h('form', { class: 'panel', on: { submit: async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f, null));
    outcome.replaceChildren();
    submit.disabled = true;
    try {
      const { data } = await api('reviews', { method: 'POST', body: { token, rating: Number(rating.input.value), title: title.input.value, body: body.input.value } });
      submit.textContent = 'Update review';
      outcome.replaceChildren(h('p', { class: 'free-shipping' }, 'Thank you! Your review is posted. ', h('a', { href: `#/product/${encodeURIComponent(data.sku)}` }, 'See it on the product page')));
    } catch (error) {
      for (const [name, messages] of Object.entries(error.fieldErrors ?? {})) {
        if (fields[name]) {
          setFieldError(fields[name], [].concat(messages).join(' '));
        }
      }
      outcome.replaceChildren(errorBox(error, 'Your review was not posted.'));
    } finally {
      submit.disabled = false;
    }
  } } },
  h('p', {}, `You can edit your review until ${new Date(form.expiresAt).toLocaleDateString()}.`),
  rating.wrap, title.wrap, body.wrap, h('div', { class: 'actions' }, submit), outcome);
  show(`Review: ${form.productName}`, element);
}

/** The unsubscribe page: one button, so that a mail scanner opening the link unsubscribes no one. */
export function unsubscribeView(params, show) {
  const token = params.get('token') ?? '';
  const outcome = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Unsubscribe');
  const element = h('form', { class: 'panel', on: { submit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const { data } = await api('marketing/unsubscribe', { method: 'POST', body: { token } });
      outcome.replaceChildren(h('p', {}, `${data.email} will get no more review requests or cart reminders. Order and shipping emails still come.`));
      button.hidden = true;
    } catch (error) {
      outcome.replaceChildren(errorBox(error, 'Could not unsubscribe.'));
      button.disabled = false;
    }
  } } },
  h('p', {}, 'Stop review requests and cart reminders to your address? Emails about your orders still come.'),
  h('div', { class: 'actions' }, button), outcome);
  show('Unsubscribe', element);
}
