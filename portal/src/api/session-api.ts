import { safeReturnPath } from '../../../domain/return-to.js';
import type { Me } from '../../../domain/ticket.js';
import { forgetCsrfToken } from './csrf-token.js';
import { apiRequest, isUnauthenticated } from './http-client.js';

/** The signed-in caller, or null when nobody is signed in. */
export async function getMe(): Promise<Me | null> {
  try {
    // Nobody signed in is `200 {"user": null}` (no console error on anonymous pages).
    const answer = await apiRequest<Me | { user: null }>('GET', '/api/me');
    return 'user' in answer ? null : answer;
  } catch (error) {
    if (isUnauthenticated(error)) return null;
    throw error;
  }
}

/** Ends the session on the server. */
export async function logout(): Promise<void> {
  // The server may answer with a redirect (to the identity provider's end-session page, say): the
  // session is gone either way, and the portal then starts afresh at `/` itself.
  await apiRequest('POST', '/auth/logout', { redirect: 'manual' });
  forgetCsrfToken();
}

/**
 * A path inside the portal to come back to after signing in; anything that could leave the site
 * (the shared check in domain/return-to.ts) or that points at the sign-in routes themselves becomes
 * the ticket list, so the login never redirects off-site.
 */
export function safeReturnTo(path: unknown): string {
  const safe = safeReturnPath(path);
  return safe === null || safe.startsWith('/auth/') ? '/tickets' : safe;
}

/** Where the OpenID Connect sign-in starts, returning to `returnTo` afterwards. */
export function signInUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
}
