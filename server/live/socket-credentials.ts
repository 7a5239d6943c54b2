import type { IncomingMessage } from 'node:http';
import type { Session, SessionData } from 'express-session';
import { verifyApiKey } from '../../db/api-keys.js';
import type { Db } from '../../db/connection.js';
import type { Caller } from '../auth/caller.js';
import { findSessionUser } from '../auth/resolve-caller.js';
import type { SessionTimeouts } from '../auth/session.js';

/** The handshake request, once the session middleware has run on it. */
type SessionRequest = IncomingMessage & { session?: Session & Partial<SessionData> };

/** How a socket proved who it is: checked again before each subscription and now and then. */
export type SocketCredential = { kind: 'api_key'; key: string } | { kind: 'session'; request: SessionRequest };

/** What a socket.io handshake carries: `auth.token` from socket.io clients, headers from anything. */
export interface Handshake {
  auth: Record<string, unknown>;
  request: IncomingMessage;
}

const bearer = (value: string) => /^(?:Bearer\s+)?(\S+)$/i.exec(value.trim())?.[1] ?? null;

/**
 * Reads the credential of a handshake: an API key (`auth.token`, or `Authorization: Bearer …`)
 * wins over the session cookie, as it does for HTTP requests. Null when there is neither, and for
 * a session cookie sent from a page of another origin than `siteOrigin`.
 */
export function handshakeCredential(handshake: Handshake, siteOrigin: string): SocketCredential | null {
  const presented =
    typeof handshake.auth.token === 'string' ? handshake.auth.token : handshake.request.headers.authorization;
  if (presented) {
    const key = bearer(presented);
    return key ? { kind: 'api_key', key } : null;
  }
  // Websockets are not bound by CORS: a page on a sibling subdomain (same site, so the SameSite=Lax
  // cookie goes along) could otherwise open one as the signed-in user. Browsers always send Origin.
  const origin = handshake.request.headers.origin;
  if (origin !== undefined && origin !== siteOrigin) return null;
  // `session` is set by the session middleware that runs on the handshake (see live-server.ts).
  const request: SessionRequest = handshake.request;
  return request.session?.userId === undefined ? null : { kind: 'session', request };
}

function reloadSession(request: SessionRequest): Promise<boolean> {
  const session = request.session;
  if (!session) return Promise.resolve(false);
  // A session ended by sign-out or by its timeouts is gone from the store: reload fails. On
  // success express-session puts a new session object on the request.
  return new Promise((resolve) => session.reload((error: unknown) => resolve(!error)));
}

/**
 * Who a credential belongs to right now; null once the key is revoked, the session has ended or the
 * user is deactivated. `fresh` re-reads the session from the store (it was read at the handshake).
 */
export async function callerOf(
  db: Db,
  credential: SocketCredential,
  timeouts: SessionTimeouts,
  fresh: boolean,
): Promise<Caller | null> {
  if (credential.kind === 'api_key') {
    const principal = await verifyApiKey(db, credential.key);
    return principal
      ? {
          userId: principal.userId,
          role: principal.role,
          organizationId: principal.organizationId,
          scopes: principal.scopes,
          via: 'api_key',
        }
      : null;
  }
  if (fresh && !(await reloadSession(credential.request))) return null;
  const user = await findSessionUser(db, credential.request.session, timeouts);
  return user
    ? { userId: user.id, role: user.role, organizationId: user.organizationId, scopes: null, via: 'session' }
    : null;
}
