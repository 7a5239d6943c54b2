import knex, { type Knex } from 'knex';
import pg from 'pg';

// Counts and bigint ids come back as strings by default; ours all fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** A Knex instance; query modules take it as their first argument. */
export type Db = Knex;

/** Options for opening the database. */
export interface DbOptions {
  poolMax?: number;
  applicationName?: string;
  /** Where Knex's warnings go (e.g. "Acquire connection error" while PostgreSQL is down); stderr by default. */
  onWarning?: (message: string) => void;
}

/** Opens a pooled connection to PostgreSQL at `url`. */
export function createDb(url: string, options: DbOptions = {}): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: options.applicationName ?? 'ticketflow' },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // A request waiting for a connection fails (503) after 10 s rather than knex's 60 s default;
    // a refused connection fails at once (knex propagates connect errors).
    acquireConnectionTimeout: 10_000,
    // Knex prints a stack trace per failed connection attempt: while PostgreSQL restarts that is one
    // per request. The first line says it all; the request itself gets its 503.
    log: {
      warn: (message: unknown) =>
        (options.onWarning ?? ((m) => process.stderr.write(`${m}\n`)))(String(message).split('\n')[0] ?? ''),
    },
  });
}

/** True when the database answers a trivial query within a second. */
export async function isDbReachable(db: Db): Promise<boolean> {
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
    ]);
    return true;
  } catch {
    return false;
  }
}
