import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
  type RequestKey,
} from '../../db/idempotency-keys.js';
import { findCaller } from '../auth/caller.js';
import { HttpError, validationFailed } from '../http-error.js';
import { clientAddressKey } from '../security/client-address.js';

/** The key of this request when it came with `Idempotency-Key`, for the command to write its effect with. */
export function requestKeyOf(res: Response): RequestKey | undefined {
  return (res.locals as { requestKey?: RequestKey }).requestKey;
}

/** Makes the `Idempotency-Key` middleware of one route, keyed by `scope` (the caller by default). */
export type Idempotent = (scope?: IdempotencyScope) => RequestHandler;

/** Whose keys a request's key is among: the signed-in user, else what the route names (a guest link, the address). */
export type IdempotencyScope = (req: Request) => string;

/** Keys are per user; an anonymous request (guest submission) is scoped to its client address. */
export const byCaller: IdempotencyScope = (req) => {
  const caller = findCaller(req);
  return caller ? `user:${caller.userId}` : `address:${clientAddressKey(req.ip)}`;
};

/** Keys of a guest link's requests belong to the link (its token, hashed: tokens stay out of the database). */
export const byGuestLink: IdempotencyScope = (req) => guestLinkKeyOwner(String(req.params.token));

/** The owner of a guest link's keys: the link's token, hashed. */
export function guestLinkKeyOwner(token: string): string {
  return `guest-link:${createHash('sha256').update(token).digest('hex')}`;
}

// A claim whose server died is taken over after this long; a retry meanwhile is told to wait (409).
const lockSeconds = 30;
// Responses kept only to headers a retry needs to see again.
const replayedHeaders = ['location', 'etag'];
const purgeEveryMs = 10 * 60 * 1000;

const validKey = /^[\x21-\x7e]{1,255}$/;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** What makes two requests "the same": method, path, body (key order aside) and an uploaded file's bytes. */
function fingerprintOf(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n`);
  hash.update(JSON.stringify(canonical(req.body ?? null)));
  // Uploads are streamed into the store: their bytes are known by the hash the store computed.
  if (req.file) hash.update(`\n${req.file.originalname}\n`).update((req.file as { sha256?: string }).sha256 ?? '');
  return hash.digest('hex');
}

// Stored: what the route did. Not stored (the key is released, a retry runs again): bad input
// (nothing ran, as Stripe does), rate limits and failures worth retrying (5xx).
const keepsResponse = (status: number) => status < 500 && status !== 400 && status !== 429;

function replay(res: Response, response: { status: number; body: string; headers: Record<string, string> }): void {
  res
    .status(response.status)
    .set(response.headers)
    .set('Idempotent-Replayed', 'true')
    .type('application/json')
    .send(response.body);
}

/**
 * Honours `Idempotency-Key` on a creating route, as Stripe documents it: the first response to a key
 * is kept for 24 hours per caller and answered again (with `Idempotent-Replayed: true`) to a retry of
 * the same request; the same key with a different request answers 422; a duplicate arriving while
 * the first is still running answers 409. Requests without the header run as usual. Mount it after
 * the body is parsed (JSON, or the multipart upload).
 */
export function idempotency(db: Db, logger: Logger): Idempotent {
  let lastPurge = 0;
  const purge = () => {
    if (Date.now() - lastPurge < purgeEveryMs) return;
    lastPurge = Date.now();
    purgeExpiredIdempotencyKeys(db).catch((error: unknown) =>
      logger.warn({ err: error }, 'purging expired idempotency keys failed; the next request retries'),
    );
  };

  return (scope: IdempotencyScope = byCaller): RequestHandler =>
    async (req, res, next) => {
      const key = req.get('idempotency-key');
      if (key === undefined) return next();
      if (!validKey.test(key))
        throw validationFailed(
          [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters, e.g. a UUID' }],
          'The Idempotency-Key header is invalid.',
        );
      purge();
      const owner = { caller: scope(req), key };
      const claim = await claimIdempotencyKey(db, { ...owner, fingerprint: fingerprintOf(req), lockSeconds });
      if (claim.kind === 'replay') return replay(res, claim.response);
      if (claim.kind === 'mismatch')
        throw new HttpError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; send a new key with a new request.',
        );
      if (claim.kind === 'in_flight')
        throw new HttpError(
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed; retry once it has finished.',
          undefined,
          { 'Retry-After': '1' },
        );

      // The command writes what it created together with the key (a retry after a crash finds it).
      (res.locals as { requestKey?: RequestKey }).requestKey = owner;
      // The response is stored before it is sent, so a retry that follows the answer finds it.
      const send = res.json.bind(res);
      let answered = false;
      res.json = (body: unknown) => {
        if (answered) return send(body);
        answered = true;
        const status = res.statusCode;
        const headers = Object.fromEntries(
          replayedHeaders.flatMap((h) => (res.get(h) === undefined ? [] : [[h, String(res.get(h))]])),
        );
        const stored = keepsResponse(status)
          ? completeIdempotencyKey(db, owner, { status, body: JSON.stringify(body), headers })
          : releaseIdempotencyKey(db, owner);
        stored
          .catch((error: unknown) =>
            req.log?.warn({ err: error }, 'the idempotency key could not be updated; a retry may be told to wait'),
          )
          .finally(() => send(body));
        return res;
      };
      // A response sent without res.json (none of the creating routes does) frees the key at once;
      // a server that dies mid-request leaves it to be taken over after its lock.
      res.once('finish', () => {
        if (answered) return;
        answered = true;
        releaseIdempotencyKey(db, owner).catch((error: unknown) =>
          req.log?.warn({ err: error }, 'releasing an idempotency key failed; it is taken over after its lock'),
        );
      });
      next();
    };
}
