import type { Knex } from 'knex';

/** Whether one more request fits, and if not, in how many seconds one will. */
export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts one request for `key` if fewer than `limit` were allowed in the `windowSeconds` before
 * `at` (a sliding window: no boundary where the allowance starts afresh), else refuses it without
 * counting. One call of the `rate_limit_hit` function (see its migration): atomic under a row lock
 * and on the database clock, so every server replica shares the same log.
 */
export async function hitRateLimit(
  db: Knex,
  key: string,
  limit: number,
  windowSeconds: number,
  at?: Date,
): Promise<RateLimitDecision> {
  const { rows } = await db.raw<{ rows: { allowed: boolean; retry_in: number }[] }>(
    'select allowed, retry_in from rate_limit_hit(?, ?, ?, coalesce(?::timestamptz, now()))',
    [key, limit, windowSeconds, at?.toISOString() ?? null],
  );
  const row = rows[0] as { allowed: boolean; retry_in: number };
  return { allowed: row.allowed, retryAfterSeconds: row.allowed ? 0 : Math.max(1, Math.ceil(row.retry_in)) };
}

/** Deletes the logs of keys not seen for `olderThanSeconds`; returns how many. */
export async function deleteStaleRateLimits(db: Knex, olderThanSeconds: number): Promise<number> {
  return db('rate_limits')
    .where('last_hit_at', '<', db.raw('now() - make_interval(secs => ?)', [olderThanSeconds]))
    .delete();
}
