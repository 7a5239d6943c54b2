import type { Request, RequestHandler } from 'express';
import type { SessionData } from 'express-session';
import type { Db } from '../../db/connection.js';
import { findUserById, type User } from '../../db/users.js';
import { apiKeyAuth } from './api-key-auth.js';
import { setCaller } from './caller.js';
import { destroySession, type SessionTimeouts } from './session.js';

/**
 * The active user a session is signed in as; null when it is not signed in, past the absolute
 * timeout, or the user is deactivated. The user is read each time, so a deactivation or role
 * change applies at once (HTTP requests and socket.io connections alike).
 */
export async function findSessionUser(
  db: Db,
  session: Partial<SessionData> | undefined,
  timeouts: SessionTimeouts,
): Promise<User | null> {
  const { userId, authenticatedAt } = session ?? {};
  if (userId === undefined) return null;
  if (Date.now() - (authenticatedAt ?? 0) > timeouts.absoluteSeconds * 1000) return null;
  const user = await findUserById(db, userId);
  return user?.active ? user : null;
}

async function sessionCaller(db: Db, req: Request, timeouts: SessionTimeouts): Promise<void> {
  if (req.session?.userId === undefined) return;
  const user = await findSessionUser(db, req.session, timeouts);
  if (!user) {
    await destroySession(req);
    return;
  }
  const age = Date.now() - (req.session.authenticatedAt ?? 0);
  // The cookie never outlives the absolute timeout.
  req.session.cookie.maxAge = Math.min(timeouts.idleSeconds * 1000, timeouts.absoluteSeconds * 1000 - age);
  setCaller(req, {
    userId: user.id,
    role: user.role,
    organizationId: user.organizationId,
    scopes: null,
    via: 'session',
  });
}

/**
 * Resolves who is calling: `Authorization: Bearer tf_…` (an API key; a bad one is a 401), else the
 * signed-in session. Requests with neither go on anonymously; routes that need a caller say so.
 */
export function resolveCaller(db: Db, timeouts: SessionTimeouts): RequestHandler {
  const keyAuth = apiKeyAuth(db);
  return async (req, res, next) => {
    if (req.get('authorization')) return keyAuth(req, res, next);
    await sessionCaller(db, req, timeouts);
    next();
  };
}
