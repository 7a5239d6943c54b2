import { ApiError, networkError, toApiError } from './api-error.js';
import { csrfToken, forgetCsrfToken, isCsrfRefusal } from './csrf-token.js';

/** Options of one API call. */
export interface RequestOptions {
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** A JSON body. */
  json?: unknown;
  signal?: AbortSignal;
  /** `manual`: a redirect answer counts as success and is not followed (e.g. a logout that redirects to the IdP). */
  redirect?: 'follow' | 'manual';
  /** Sent as `Idempotency-Key`: a retry of the same submission answers the first response (see use-submission-key.ts). */
  idempotencyKey?: string;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(method: string, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (method !== 'GET') {
    const token = await csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  try {
    return await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: options.signal,
      redirect: options.redirect ?? 'follow',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw networkError();
  }
}

/**
 * Calls the TicketFlow API on the same origin: JSON in and out, the CSRF header on writes
 * (refetched once when the server refuses a stale token), and every failure as an `ApiError`.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const url = withQuery(path, options.query);
  let response = await send(method, url, options);
  if (response.type === 'opaqueredirect') return undefined as T;
  let text = response.ok ? '' : await response.text();
  if (!response.ok && isCsrfRefusal(response.status, toApiError(response.status, text).message)) {
    forgetCsrfToken();
    response = await send(method, url, options);
    text = response.ok ? '' : await response.text();
  }
  if (!response.ok) throw toApiError(response.status, text);
  if (response.status === 204 || !response.headers.get('Content-Type')?.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

/** True when an error means "you are not signed in". */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
