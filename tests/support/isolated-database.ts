import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrator.js';

/** A new database without a schema in the run's cluster, named `<prefix>_<random>`; the caller drops it. */
export async function createEmptyDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * A migrated database of the test's own, for tests whose processes (a worker's reconciler, a
 * child process) act on every row, so they cannot share the run's database with other files.
 */
export async function createIsolatedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { name, url } = await createEmptyDatabase('isolated');
  const db = createDb(url, { poolMax: 1 });
  await migrateToLatest(db);
  // Workflow ids are ticket-<id> in one Temporal namespace shared by the run: each database
  // numbers its tickets from its own random offset so their workflows never collide.
  await db.raw(`alter sequence tickets_id_seq restart with ${1_000_000 * (1 + Math.floor(Math.random() * 2000))}`);
  await db.destroy();
  return {
    url,
    async drop() {
      const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
      await client.connect();
      // Pools close their connections asynchronously; forcing the drop while one is still
      // saying goodbye makes that client report a termination error to nobody.
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
          name,
        ]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
