import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import { deleteStaleRateLimits, hitRateLimit } from '../../db/rate-limits.js';
import { findCaller } from '../auth/caller.js';
import { HttpError } from '../http-error.js';
import { clientAddressKey } from './client-address.js';

/** At most `limit` requests per fixed window of `windowSeconds`. */
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
    deleteStaleRateLimits(db, Math.max(3600, longestWindow * 2)).catch((error: unknown) => logger.warn({ err: error }, 'could not prune rate limit counters'));
  }

  function limiter(name: keyof RateLimitSettings, keyOf: (req: Request) => string, tooMany: (seconds: number) => string): RequestHandler {
    const { limit, windowSeconds } = settings[name];
    return async (req, res, next) => {
      const { hits, resetInSeconds } = await hitRateLimit(db, `${name}:${keyOf(req)}`, windowSeconds);
      pruneNowAndThen();
      res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`);
      if (hits > limit) {
        throw new HttpError('rate_limited', tooMany(resetInSeconds), { limit, windowSeconds, retryAfterSeconds: resetInSeconds }, { 'Retry-After': String(resetInSeconds) });
      }
      next();
    };
  }

  return {
    signIn: limiter('signIn', perAddress, (s) => `Too many sign-in attempts from your network. Try again in ${s} seconds.`),
    ticketCreation: limiter('ticketCreation', perCaller, (s) => `You are creating tickets too quickly. Try again in ${s} seconds.`),
    ticketReply: limiter('ticketReply', perCaller, (s) => `You are replying too quickly. Try again in ${s} seconds.`),
    guestSubmission: limiter('guestSubmission', perAddress, (s) => `Too many tickets were submitted from your network. Try again in ${s} seconds.`),
  };
}
