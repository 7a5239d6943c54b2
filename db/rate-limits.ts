import type { Knex } from 'knex';

/** A key's count in its current window and how long until that window ends. */
export interface RateLimitCount {
  hits: number;
  resetInSeconds: number;
}

/**
 * Counts one hit for `key` in its current fixed window of `windowSeconds` and returns the new
 * count. One statement, on the database clock, so every server replica shares the same counter.
 */
export async function hitRateLimit(db: Knex, key: string, windowSeconds: number): Promise<RateLimitCount> {
  const { rows } = await db.raw<{ rows: { hits: number; reset_in: number }[] }>(
    `insert into rate_limits as r (key, window_start, hits)
     values (?, to_timestamp(floor(extract(epoch from now()) / ?) * ?), 1)
     on conflict (key) do update
       set hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
           window_start = excluded.window_start
     returning r.hits, greatest(1, ceil(extract(epoch from r.window_start + make_interval(secs => ?) - now())))::int as reset_in`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  );
  const row = rows[0] as { hits: number; reset_in: number };
  return { hits: row.hits, resetInSeconds: row.reset_in };
}

/** Deletes counters whose window started more than `olderThanSeconds` ago; returns how many. */
export async function deleteStaleRateLimits(db: Knex, olderThanSeconds: number): Promise<number> {
  return db('rate_limits').where('window_start', '<', db.raw('now() - make_interval(secs => ?)', [olderThanSeconds])).delete();
}
