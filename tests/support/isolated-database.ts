import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrator.js';

/**
 * A migrated database of the test's own, for tests whose processes (a worker's reconciler, a
 * child process) act on every row, so they cannot share the run's database with other files.
 */
export async function createIsolatedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `isolated_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolMax: 1 });
  await migrateToLatest(db);
  await db.destroy();
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
