/** The session's CSRF token for cookie-authenticated writes, fetched once per tab and refetched when refused. */

let token: Promise<string | null> | null = null;

async function fetchToken(): Promise<string | null> {
  try {
    const response = await fetch('/api/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: unknown };
    return typeof body.token === 'string' ? body.token : null;
  } catch {
    return null;
  }
}

/**
 * The token to send as `X-CSRF-Token`, or null when the server gave none
 * (the write then goes without it and the server decides, e.g. for guest links).
 */
export function csrfToken(): Promise<string | null> {
  token ??= fetchToken().then((value) => {
    if (value === null) token = null; // do not cache a failure
    return value;
  });
  return token;
}

/** Drops the cached token: after sign-out, or when the server refused it. */
export function forgetCsrfToken(): void {
  token = null;
}

/** True for the 403 the server sends when the CSRF token is missing or stale. */
export function isCsrfRefusal(status: number, message: string): boolean {
  return status === 403 && /csrf/i.test(message);
}
