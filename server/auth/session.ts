import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Pool } from 'pg';
import type { Db } from '../../db/connection.js';
import { knexQueryPool } from '../../db/session-store-pool.js';

/** The session cookie's name. */
export const sessionCookieName = 'tf.sid';

/** A signed-in session ends after 30 minutes without a request (ASVS L2 3.3.2: idle timeout). */
export const sessionIdleTimeoutSeconds = 30 * 60;

/** A signed-in session ends 12 hours after sign-in however active it is (ASVS L2 3.3.2: absolute timeout). */
export const sessionAbsoluteTimeoutSeconds = 12 * 60 * 60;

/** How long sessions last; tests shrink these to seconds. */
export interface SessionTimeouts {
  idleSeconds: number;
  absoluteSeconds: number;
}

/** A sign-in under way: what the callback must find to accept the identity provider's answer. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** When the user signed in (epoch ms): the start of the absolute timeout. */
    authenticatedAt: number;
    csrfToken: string;
    /** Sent back as `id_token_hint` when signing out at the identity provider. */
    idToken: string;
    pendingSignIn: PendingSignIn;
  }
}

/** Builds the session middleware: sessions in PostgreSQL's `sessions` table, cookie `tf.sid`. */
export function sessionMiddleware(
  db: Db,
  options: { secret: string; secure: boolean; timeouts: SessionTimeouts; onStoreError: (error: unknown) => void },
): RequestHandler {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: knexQueryPool(db) as unknown as Pool,
    tableName: 'sessions',
    // The table belongs to the migrations (db/migrations/*_create_sessions.ts), never to the store.
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    errorLog: options.onStoreError,
  });
  return session({
    name: sessionCookieName,
    secret: options.secret,
    store,
    resave: false,
    // No row and no cookie until there is something to keep (a sign-in under way or done).
    saveUninitialized: false,
    // Every answer pushes the expiry forward: the idle timeout counts from the last request.
    rolling: true,
    unset: 'destroy',
    // Behind a TLS-terminating proxy req.secure depends on trusting it; a Secure cookie must still be set.
    proxy: options.secure ? true : undefined,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
      path: '/',
      maxAge: options.timeouts.idleSeconds * 1000,
    },
  });
}

/** Gives the request a fresh session id (against session fixation), dropping what the old one held. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())),
  );
}

/** Writes the session now, so a redirect never races its storage. */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

/** Deletes the session from the store; the request continues without one. */
export function destroySession(req: Request): Promise<void> {
  if (!req.session) return Promise.resolve();
  return new Promise((resolve, reject) => req.session.destroy((error: unknown) => (error ? reject(error) : resolve())));
}
