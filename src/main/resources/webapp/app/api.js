// The JSON API client of the web app: cookie session (HttpOnly, so no script sees the tokens),
// the session's CSRF token on every unsafe request, problem+json refusals as ApiProblem.
// An access token lives a few minutes: a 401 is answered once by rotating the refresh cookie
// and repeating the request (safe: every money-moving request carries an Idempotency-Key).

const SAFE = new Set(['GET', 'HEAD']);
const hooks = { csrfToken: () => null, activity: () => {}, sessionEnded: () => {} };
let refreshing = null;

/** A refusal or failure: status, stable code, the field at fault, Retry-After in seconds. */
export class ApiProblem extends Error {
  constructor(status, body, retryAfterSeconds) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? 'network' : 'unexpected');
    this.field = (body && body.field) || null;
    this.retryAfterSeconds = retryAfterSeconds;
    this.body = body;
  }
}

export function configureApi(options) {
  Object.assign(hooks, options);
}

/** A request to the API; answers the parsed JSON body (or null), throws ApiProblem otherwise. */
export async function api(method, path, { body, idempotencyKey, cookieMode = false, retried = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method) && hooks.csrfToken()) headers['X-CSRF-Token'] = hooks.csrfToken();
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (cookieMode) headers['X-Session-Mode'] = 'cookie';
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiProblem(0, null, null);
  }
  const parsed = await readBody(response);
  if (response.ok) {
    if (hooks.csrfToken()) hooks.activity();
    return parsed;
  }
  const problem = new ApiProblem(response.status, parsed, retryAfter(response));
  if (response.status === 401 && problem.code === 'unauthenticated' && hooks.csrfToken() && !path.startsWith('/api/v1/auth/')) {
    if (!retried && await refresh()) {
      return api(method, path, { body, idempotencyKey, cookieMode, retried: true });
    }
    hooks.sessionEnded('ended');
  }
  throw problem;
}

/**
 * Every row of a paged list (the API's convention: `limit` and `cursor` in, the rows under
 * `key` and `nextCursor` out; an empty list is left out), page after page of the largest size.
 */
export async function allPages(path, key) {
  const rows = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${separator}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    rows.push(...(page[key] || []));
    cursor = page.nextCursor ?? null;
  } while (cursor !== null);
  return rows;
}

/** Rotates the refresh cookie for a new access cookie; one rotation at a time. */
export function refresh() {
  if (!refreshing) {
    refreshing = api('POST', '/api/v1/auth/refresh', { body: {}, cookieMode: true })
      .then((session) => { hooks.activity(); return session; })
      .catch(() => null)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function readBody(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204 || !type.includes('json')) return null;
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

function retryAfter(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number.parseInt(value, 10);
  return Number.isNaN(seconds) ? null : seconds;
}
