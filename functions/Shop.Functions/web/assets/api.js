// Calls to the Shop HTTP API (same origin, /api/...). Every failure becomes an ApiError with a message a person can
// act on: the problem+json detail or title the API sent, the field errors of a validation problem, or a plain
// sentence for a network failure or a timeout. Nothing here retries on its own; callers decide.

export class ApiError extends Error {
  constructor(message, { status = 0, problem = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    // { field: [messages] } for a validation problem (400), else {}.
    this.fieldErrors = problem && typeof problem.errors === 'object' && problem.errors !== null ? problem.errors : {};
  }
}

const DEFAULT_TIMEOUT_MS = 15000;

/**
 * Sends one request. `path` is relative to /api/ ("carts/abc"). Resolves { status, headers, data } for 2xx and 304;
 * rejects with ApiError otherwise. `signal` cancels (the rejection is then the AbortError, not an ApiError).
 */
export async function api(path, { method = 'GET', body, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS, signal } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, signal: controller.signal, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  try {
    let response;
    try {
      response = await fetch('/api/' + path, init);
    } catch (error) {
      throw transportError(error, signal, controller);
    }

    let data = null;
    if (response.status !== 204 && response.status !== 304) {
      const type = response.headers.get('content-type') ?? '';
      try {
        data = type.includes('json') ? await response.json() : await response.text();
      } catch (error) {
        if (signal?.aborted || controller.signal.aborted) {
          throw transportError(error, signal, controller);
        }
        data = null;
      }
    }

    if (!response.ok && response.status !== 304) {
      throw problemError(response.status, data);
    }
    return { status: response.status, headers: response.headers, data };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

function transportError(error, signal, controller) {
  if (signal?.aborted) {
    return error; // the caller cancelled: not a failure to show
  }
  if (controller.signal.aborted) {
    return new ApiError('The shop took too long to answer. Please try again in a moment.');
  }
  return new ApiError('Could not reach the shop. Check your connection and try again.');
}

function problemError(status, data) {
  const problem = data && typeof data === 'object' ? data : null;
  let message = problem?.detail || problem?.title;
  if (!message) {
    message = status >= 500
      ? `The shop could not complete this just now (HTTP ${status}). Please try again.`
      : `The request was refused (HTTP ${status}).`;
  }
  return new ApiError(message, { status, problem });
}

/** True when `error` is the caller's own cancellation rather than a failure. */
export function isAbort(error) {
  return error?.name === 'AbortError';
}

/** A fresh idempotency key (the checkout's retry-safety). */
export function newIdempotencyKey() {
  return crypto.randomUUID();
}
