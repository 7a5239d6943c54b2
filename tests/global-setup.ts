import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { startTemporalDevServer } from '../dev/temporal-dev-server.js';

/** `npm start` under test has its own database, so its workflows (ticket-1, …) get their own namespace. */
export const npmStartNamespace = 'npm-start-test';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated test database, fresh for this run. */
    databaseUrl: string;
    /** The cluster's maintenance database, for tests that create databases of their own. */
    adminDatabaseUrl: string;
    temporalAddress: string;
  }
}

/** Starts a throwaway PostgreSQL and Temporal dev server for the whole run, beside any dev stack. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-test-'));
  const log = (m: string) => process.stderr.write(`[test setup] ${m}\n`);
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), database: 'ticketflow_test', ephemeral: true }),
    startTemporalDevServer({
      logFile: path.join(dir, 'temporal.log'),
      uiPort: false,
      namespaces: [npmStartNamespace],
      searchPath: process.env.PATH,
      configuredPath: process.env.TEMPORAL_CLI_PATH,
      onProgress: log,
    }),
  ]);
  const db = createDb(pg.url, { poolMax: 1 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('databaseUrl', pg.url);
  project.provide('adminDatabaseUrl', pg.adminUrl);
  project.provide('temporalAddress', temporal.address);

  return async () => {
    await Promise.all([temporal.stop(), pg.stop()]);
    await rm(dir, { recursive: true, force: true });
  };
}
