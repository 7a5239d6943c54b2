import { vi } from 'vitest';

/** A request the portal sent through `fetch`. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

type Responder = (request: SentRequest) => Response | Promise<Response>;

/** A JSON response. */
export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The contract's error body. */
export function apiError(status: number, code: string, message: string, details?: unknown): Response {
  return json(status, { error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/**
 * Fakes the network edge only: `fetch` is replaced by routes answering like the server would.
 * `GET /api/csrf` answers a token unless a test routes it otherwise; unknown routes get the contract's 404.
 */
export function fakeServer() {
  const routes: { method: string; path: string | RegExp; respond: Responder }[] = [];
  const requests: SentRequest[] = [];
  let csrfCount = 0;

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://portal.test');
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const request: SentRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    requests.push(request);
    const route = [...routes]
      .reverse()
      .find(
        (r) =>
          r.method === request.method &&
          (typeof r.path === 'string' ? r.path === request.path : r.path.test(request.path)),
      );
    if (route) return route.respond(request);
    if (request.method === 'GET' && request.path === '/api/csrf') return json(200, { token: `csrf-${++csrfCount}` });
    return apiError(404, 'not_found', `${request.method} ${request.path} was not found.`);
  });
  vi.stubGlobal('fetch', fetch);

  return {
    requests,
    /** Answers `method path` (later routes win), with a function or a fixed response maker. */
    on(method: string, path: string | RegExp, respond: Responder) {
      routes.push({ method, path, respond });
    },
    /** The requests to one path (writes and reads), in order. */
    sent(method: string, path: string) {
      return requests.filter((r) => r.method === method && r.path === path);
    },
  };
}
