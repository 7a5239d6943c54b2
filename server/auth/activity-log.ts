import type { Request } from 'express';
import { recordActivity, type NewActivityEvent } from '../../db/activity-events.js';
import type { Db } from '../../db/connection.js';

/** Where a request came from, for the activity log. */
export function requestOrigin(req: Request): { ipAddress: string | null; userAgent: string | null } {
  return { ipAddress: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/**
 * Records a sign-in, sign-out or failed sign-in. A log that cannot be written must not lock people
 * out, so a failure is logged and the request goes on.
 */
export async function recordSignInActivity(
  db: Db,
  req: Request,
  event: Omit<NewActivityEvent, 'ipAddress' | 'userAgent'>,
): Promise<void> {
  try {
    await recordActivity(db, { ...event, ...requestOrigin(req) });
  } catch (error) {
    req.log.warn({ err: error, kind: event.kind }, 'could not record activity');
  }
}

const hourMs = 3_600_000;

/**
 * Records that an API key was used: once per key and clock hour, not per request. An integration
 * sending thousands of requests an hour would otherwise turn every read into a write (and bloat the
 * log) while saying nothing more than "this key was used this hour, from there"; the first use per
 * hour also keeps the first address, which is what spotting a leaked key needs. Each process
 * remembers the hours it recorded; the database's dedupe key settles it across replicas.
 */
export function apiKeyUseRecorder(db: Db) {
  const recorded = new Map<number, number>();
  return (req: Request, key: { keyId: number; userId: number }): void => {
    const hour = Math.floor(Date.now() / hourMs);
    if (recorded.get(key.keyId) === hour) return;
    recorded.set(key.keyId, hour);
    if (recorded.size > 10_000) for (const [id, h] of recorded) if (h !== hour) recorded.delete(id);
    recordActivity(db, {
      kind: 'api_key_used',
      userId: key.userId,
      apiKeyId: key.keyId,
      details: { path: req.baseUrl + req.path, method: req.method },
      dedupeKey: `api_key:${key.keyId}:${hour}`,
      ...requestOrigin(req),
    }).catch((error: unknown) => {
      recorded.delete(key.keyId); // try again on its next request
      req.log.warn({ err: error }, 'could not record API key use');
    });
  };
}
