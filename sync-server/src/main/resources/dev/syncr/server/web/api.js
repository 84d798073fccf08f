// The page speaks the same JSON API as every other client. Signed in, the browser sends the session cookie by
// itself; each change also carries the session's CSRF value, which only a page of this origin can read.

let csrf = null;
let sessionEnded = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `the server answered ${status}`);
    this.status = status;
    this.code = body && body.error ? body.error : 'http_' + status;
    this.body = body || {};
  }
}

export function setCsrf(value) {
  csrf = value;
}

/** What to do when a signed-in page's request is refused as unauthenticated (signed out elsewhere, revoked). */
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

export function headers(method, extra = {}) {
  const all = {'X-Client-Id': 'web', ...extra};
  if (csrf && method !== 'GET' && method !== 'HEAD') all['X-Syncr-CSRF'] = csrf;
  return all;
}

export async function request(method, path, {json, body, signal, contentType} = {}) {
  const init = {method, headers: headers(method), credentials: 'same-origin', signal};
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    if (contentType) init.headers['Content-Type'] = contentType;
    init.body = body;
  }
  const response = await fetch(path, init);
  if (response.status === 401 && csrf && sessionEnded && path !== '/auth/session') sessionEnded();
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : null);
  return data;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, json) => request('POST', path, {json});
export const del = (path) => request('DELETE', path);

/** The whole listing under a folder, page by page (deleted files too, if asked: their history can bring them back). */
export async function listUnder(prefix, includeDeleted = false) {
  const files = [];
  let after = null;
  for (;;) {
    const query = new URLSearchParams({limit: '1000'});
    if (prefix) query.set('prefix', prefix);
    if (includeDeleted) query.set('include_deleted', 'true');
    if (after) query.set('after', after);
    const page = await get(`/files/?${query}`);
    files.push(...page.files);
    if (!page.has_more) return files;
    after = page.next_after;
  }
}

/** Text of a file's version, or null when it is not text (binary, or too large to show side by side). */
export async function text(path, maxBytes = 1024 * 1024) {
  const response = await fetch(path, {credentials: 'same-origin'});
  if (!response.ok) throw new ApiError(response.status, null);
  const length = Number(response.headers.get('Content-Length') || '0');
  if (length > maxBytes) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    return null;
  }
}
