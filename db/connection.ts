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
}

/** Opens a pooled connection to PostgreSQL at `url`. */
export function createDb(url: string, options: DbOptions = {}): Db {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: options.applicationName ?? 'ticketflow' },
    pool: { min: 0, max: options.poolMax ?? 10 },
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
