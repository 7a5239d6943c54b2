import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import { idempotencyKeyExists } from '../../db/idempotency-keys.js';
import { deleteStaleRateLimits, hitRateLimit } from '../../db/rate-limits.js';
import { findCaller } from '../auth/caller.js';
import { guestLinkKeyOwner } from '../api/idempotency.js';
import { HttpError } from '../http-error.js';
import { clientAddressKey } from './client-address.js';

/** At most `limit` requests in any `windowSeconds` (a sliding window, shared by all replicas). */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** The limits of each throttled action. */
export interface RateLimitSettings {
  /** `/auth/login` and `/auth/callback`, per client address (a sign-in takes one of each). */
  signIn: RateLimit;
  /** `POST /api/tickets`, per caller. */
  ticketCreation: RateLimit;
  /** `POST /api/tickets/:id/messages`, per caller. */
  ticketReply: RateLimit;
  /** Guest submissions (no account), per client address. */
  guestSubmission: RateLimit;
  /** `GET /api/kb/search` (public, and asked while people type), per caller. */
  kbSearch: RateLimit;
  /** `POST /api/kb/deflection-events` (public), per caller. */
  kbDeflection: RateLimit;
}

/**
 * Production limits: generous for people and integrations, tight enough to stop floods. Sign-in
 * counts per address, so an office behind one NAT shares it: 30 a minute is 15 sign-ins a minute.
 */
export const defaultRateLimits: RateLimitSettings = {
  signIn: { limit: 30, windowSeconds: 60 },
  ticketCreation: { limit: 30, windowSeconds: 60 },
  ticketReply: { limit: 60, windowSeconds: 60 },
  guestSubmission: { limit: 5, windowSeconds: 600 },
  // Typing a ticket title searches after each pause: a few a minute per person; an office shares it.
  kbSearch: { limit: 120, windowSeconds: 60 },
  kbDeflection: { limit: 60, windowSeconds: 60 },
};

/** One middleware per throttled action; answers 429 `rate_limited` with `Retry-After`. */
export type RateLimiters = Record<keyof RateLimitSettings, RequestHandler>;

const perAddress = (req: Request) => `ip:${clientAddressKey(req.ip)}`;
// Per caller across all their sessions and keys; callers not signed in count by address.
const perCaller = (req: Request) => {
  const caller = findCaller(req);
  return caller ? `user:${caller.userId}` : perAddress(req);
};

const pruneEveryMs = 10 * 60_000;

/** Builds the limiters over the shared PostgreSQL counters, so they hold across server replicas. */
export function createRateLimiters(db: Db, settings: RateLimitSettings, logger: Logger): RateLimiters {
  let lastPrune = Date.now();
  const longestWindow = Math.max(...Object.values(settings).map((s: RateLimit) => s.windowSeconds));
  function pruneNowAndThen() {
    if (Date.now() - lastPrune < pruneEveryMs) return;
    lastPrune = Date.now();
    deleteStaleRateLimits(db, Math.max(3600, longestWindow * 2)).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not prune rate limit counters'),
    );
  }

  // The throttled routes that honour Idempotency-Key, and whose keys they are (server/api/idempotency.ts).
  const retriesAreFree = new Set<keyof RateLimitSettings>(['ticketCreation', 'ticketReply', 'guestSubmission']);
  async function isRetryOfKnownKey(req: Request): Promise<boolean> {
    const key = req.get('idempotency-key');
    if (!key) return false;
    const caller = findCaller(req);
    const owners = [
      caller ? `user:${caller.userId}` : `address:${clientAddressKey(req.ip)}`,
      ...(typeof req.params.token === 'string' ? [guestLinkKeyOwner(req.params.token)] : []),
    ];
    return idempotencyKeyExists(db, owners, key);
  }

  function limiter(
    name: keyof RateLimitSettings,
    keyOf: (req: Request) => string,
    tooMany: (seconds: number) => string,
  ): RequestHandler {
    const { limit, windowSeconds } = settings[name];
    return async (req, res, next) => {
      // A retry of a keyed request already seen creates nothing new (it is replayed, told to wait,
      // or answered with what its first attempt made): it does not count against the caller.
      if (retriesAreFree.has(name) && (await isRetryOfKnownKey(req))) return next();
      const { allowed, retryAfterSeconds } = await hitRateLimit(db, `${name}:${keyOf(req)}`, limit, windowSeconds);
      pruneNowAndThen();
      res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`);
      if (!allowed) {
        throw new HttpError(
          'rate_limited',
          tooMany(retryAfterSeconds),
          { limit, windowSeconds, retryAfterSeconds },
          { 'Retry-After': String(retryAfterSeconds) },
        );
      }
      next();
    };
  }

  return {
    signIn: limiter(
      'signIn',
      perAddress,
      (s) => `Too many sign-in attempts from your network. Try again in ${s} seconds.`,
    ),
    ticketCreation: limiter(
      'ticketCreation',
      perCaller,
      (s) => `You are creating tickets too quickly. Try again in ${s} seconds.`,
    ),
    ticketReply: limiter('ticketReply', perCaller, (s) => `You are replying too quickly. Try again in ${s} seconds.`),
    guestSubmission: limiter(
      'guestSubmission',
      perAddress,
      (s) => `Too many tickets were submitted from your network. Try again in ${s} seconds.`,
    ),
    kbSearch: limiter('kbSearch', perCaller, (s) => `You are searching too quickly. Try again in ${s} seconds.`),
    kbDeflection: limiter(
      'kbDeflection',
      perCaller,
      (s) => `Too many article events were recorded too quickly. Try again in ${s} seconds.`,
    ),
  };
}
