import type { Me } from '../../../domain/ticket.js';
import { forgetCsrfToken } from './csrf-token.js';
import { apiRequest, isUnauthenticated } from './http-client.js';

/** The signed-in caller, or null when nobody is signed in. */
export async function getMe(): Promise<Me | null> {
  try {
    return await apiRequest<Me>('GET', '/api/me');
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
 * A path inside the portal to come back to after signing in; anything else (another origin,
 * `//host`, the auth routes themselves) becomes the ticket list, so the login never redirects off-site.
 */
export function safeReturnTo(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\') || path.startsWith('/auth/')) {
    return '/tickets';
  }
  return path;
}

/** Where the OpenID Connect sign-in starts, returning to `returnTo` afterwards. */
export function signInUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
}
