import type { Request, RequestHandler } from 'express';
import type { Db } from '../../db/connection.js';
import { findUserById } from '../../db/users.js';
import { apiKeyAuth } from './api-key-auth.js';
import { setCaller } from './caller.js';
import { destroySession, type SessionTimeouts } from './session.js';

async function sessionCaller(db: Db, req: Request, timeouts: SessionTimeouts): Promise<void> {
  const { userId, authenticatedAt } = req.session ?? {};
  if (userId === undefined) return;
  const age = Date.now() - (authenticatedAt ?? 0);
  // The user is read on every request, so a deactivation or role change applies at once.
  const user = age <= timeouts.absoluteSeconds * 1000 ? await findUserById(db, userId) : null;
  if (!user?.active) {
    await destroySession(req);
    return;
  }
  // The cookie never outlives the absolute timeout.
  req.session.cookie.maxAge = Math.min(timeouts.idleSeconds * 1000, timeouts.absoluteSeconds * 1000 - age);
  setCaller(req, { userId: user.id, role: user.role, organizationId: user.organizationId, scopes: null, via: 'session' });
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
