import type { Knex } from 'knex';

/** The one method of `pg.Pool` that connect-pg-simple calls. */
export interface QueryPool {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface PgConnection {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A `pg.Pool` stand-in over the app's Knex pool for the session store (connect-pg-simple), so
 * sessions share the app's connections and limits instead of opening a second pool.
 */
export function knexQueryPool(db: Knex): QueryPool {
  return {
    async query(text, params) {
      const connection = (await db.client.acquireConnection()) as PgConnection;
      try {
        return await connection.query(text, params);
      } finally {
        await db.client.releaseConnection(connection);
      }
    },
  };
}
