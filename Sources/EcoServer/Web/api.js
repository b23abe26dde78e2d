// Calls the public API with the signed-in user's credentials; turns problem documents into readable errors.
import { session } from './session.js';

/** An API error with a sentence a person can act on. */
export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/** The query string of an object, skipping empty values. */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** GET/POST a JSON endpoint under /api/v1 (or an absolute path); resolves to the decoded body. */
export async function api(path, { method = 'GET', params, body, signal } = {}) {
  const url = (path.startsWith('/') ? path : `/api/v1/${path}`) + query(params);
  // Lists answer GeoJSON when Accept names it first or alone: ask for it only with format=geojson.
  const geo = params && params.format === 'geojson';
  const headers = { Accept: geo ? 'application/geo+json, application/problem+json' : 'application/json, application/problem+json' };
  const credential = session.credential();
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server did not answer. Check that EcoTrack is running and reload the page.');
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw explain(response.status, data);
  return data;
}

/** Builds the message shown for a failed call. */
function explain(status, data) {
  const detail = (data && data.detail) || (typeof data === 'string' ? data : '') || `HTTP ${status}`;
  if (status === 401) {
    session.expired();
    return new ApiError(401, `Please sign in: ${detail}`, data);
  }
  if (status === 403) {
    const who = session.me ? `${session.me.user ? session.me.user.email : 'this key'} (${session.role()})` : 'anonymous visitors';
    return new ApiError(403, `Not allowed for ${who}: ${detail}`, data);
  }
  if (status === 429) return new ApiError(429, `Too many requests for now: ${detail}`, data);
  return new ApiError(status, detail, data);
}
