import path from 'node:path';
import type { Config } from '../config.js';
import { createDb, type Db } from '../db/connection.js';

/** The embedded cluster's directory under DATA_DIR, shared by `npm start` and the CLI. */
export function embeddedPostgresDir(config: Config): string {
  return path.resolve(config.DATA_DIR, 'postgres');
}

/**
 * Opens DATABASE_URL, or else the embedded PostgreSQL of `npm start`: the running one when
 * `npm start` is up, otherwise started just for this command and stopped afterwards.
 */
export async function openCliDatabase(
  config: Config,
  log: (m: string) => void,
): Promise<{ db: Db; close(): Promise<void> }> {
  if (config.DATABASE_URL) {
    const db = createDb(config.DATABASE_URL, { poolMax: 2, applicationName: 'ticketflow-cli' });
    return { db, close: () => db.destroy() };
  }
  // Loaded only here: production images set DATABASE_URL and ship without the embedded binaries.
  const { startEmbeddedPostgres } = await import('../dev/embedded-postgres.js');
  const pg = await startEmbeddedPostgres({ dataDir: embeddedPostgresDir(config), reuseRunning: true, onProgress: log });
  const db = createDb(pg.url, { poolMax: 2, applicationName: 'ticketflow-cli' });
  return {
    db,
    async close() {
      await db.destroy();
      await pg.stop();
    },
  };
}
