import type { Db } from '../../db/connection.js';

// Tables that change on every request or belong to plumbing, not to what people see and change.
const plumbing = new Set([
  'sessions',
  'rate_limits',
  'socket_io_attachments',
  'knex_migrations',
  'knex_migrations_lock',
]);

/** A fingerprint of every row of every table (but sessions and plumbing), per table. */
export type DbSnapshot = Record<string, string>;

/** Takes a snapshot of the whole database (use an isolated one: other test files write to the shared one). */
export async function snapshotDatabase(db: Db): Promise<DbSnapshot> {
  const tables = (await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename')).filter(
    (t: string) => !plumbing.has(t),
  );
  const { rows } = await db.raw<{ rows: { table: string; digest: string | null }[] }>(
    tables
      .map(
        (t) =>
          `select '${t}' as table, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as digest from "${t}" r`,
      )
      .join(' union all '),
  );
  return Object.fromEntries(rows.map((r) => [r.table, r.digest ?? '']));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: DbSnapshot, after: DbSnapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
