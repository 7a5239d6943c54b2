import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Db } from './connection.js';

/**
 * Tables a backup leaves out: sign-in sessions (live credentials have no place in a backup file),
 * rate-limit counters and socket.io's bus, which are transient; and Knex's own bookkeeping, which
 * the restore rebuilds by running the migrations.
 */
export const tablesNotBackedUp = [
  'sessions',
  'rate_limits',
  'socket_io_attachments',
  'knex_migrations',
  'knex_migrations_lock',
];

/** One table in a snapshot. */
export interface TableSnapshot {
  name: string;
  columns: string[];
  rows: number;
}

/** What a snapshot holds besides the table data. */
export interface SnapshotContents {
  serverVersion: string;
  /** Applied migrations, oldest first: the schema the data belongs to. */
  migrations: string[];
  tables: TableSnapshot[];
  /** Each sequence's last value (null when never used). */
  sequences: { name: string; lastValue: number | null }[];
  /** Attachment storage keys in the snapshot, for copying their files. */
  storageKeys: string[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function withConnection<T>(db: Db, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    return await run(client);
  } finally {
    await db.client.releaseConnection(client);
  }
}

async function columnsOf(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER'
      order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function backedUpTables(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ tablename: string }>(
    'select tablename from pg_tables where schemaname = current_schema() order by tablename',
  );
  return rows.map((r) => r.tablename).filter((t) => !tablesNotBackedUp.includes(t));
}

/**
 * Streams every table (COPY text format) into `sink(table)` from ONE snapshot: a read-only
 * REPEATABLE READ transaction, as pg_dump takes it, so rows written meanwhile are either wholly in
 * or wholly out and references between tables always resolve.
 */
export async function writeDatabaseSnapshot(db: Db, sink: (table: string) => Writable): Promise<SnapshotContents> {
  return withConnection(db, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const serverVersion = (await client.query<{ v: string }>('show server_version')).rows[0]!.v;
      const migrations = (
        await client.query<{ name: string }>('select name from knex_migrations order by id')
      ).rows.map((r) => r.name);
      const tables: TableSnapshot[] = [];
      for (const name of await backedUpTables(client)) {
        const columns = await columnsOf(client, name);
        const rows = Number((await client.query<{ n: string }>(`select count(*) as n from ${quote(name)}`)).rows[0]!.n);
        const copy = client.query(copyTo(`copy ${quote(name)} (${columns.map(quote).join(', ')}) to stdout`));
        await pipeline(copy, sink(name));
        tables.push({ name, columns, rows });
      }
      const sequences = (
        await client.query<{ name: string; last_value: string | null }>(
          'select sequencename as name, last_value from pg_sequences where schemaname = current_schema() order by 1',
        )
      ).rows.map((r) => ({ name: r.name, lastValue: r.last_value === null ? null : Number(r.last_value) }));
      const storageKeys = (await client.query<{ k: string }>('select storage_key as k from attachments')).rows.map(
        (r) => r.k,
      );
      return { serverVersion, migrations, tables, sequences, storageKeys };
    } finally {
      await client.query('rollback');
    }
  });
}

/**
 * Tables a migration fills (a settings row with its defaults): rows there are no one's data, so a
 * database that only just had its schema built still counts as empty.
 */
export const tablesMigrationsFill = ['ticket_settings'];

/** The tables (other than Knex's, the transient ones and those migrations fill) that hold rows: a restore target must have none. */
export async function listNonEmptyTables(db: Db): Promise<string[]> {
  return withConnection(db, async (client) => {
    const nonEmpty: string[] = [];
    for (const name of await backedUpTables(client)) {
      if (tablesMigrationsFill.includes(name)) continue;
      const { rowCount } = await client.query(`select 1 from ${quote(name)} limit 1`);
      if (rowCount) nonEmpty.push(name);
    }
    return nonEmpty;
  });
}

// Parents before children, so every foreign key finds its row as the data goes in.
async function loadOrder(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace and c.oid <> p.oid`,
  );
  const ordered: string[] = [];
  const placing = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table)) return;
    if (placing.has(table)) throw new Error(`foreign keys form a cycle through ${table}; the restore cannot order it`);
    placing.add(table);
    for (const r of rows) if (r.child === table && tables.includes(r.parent)) visit(r.parent);
    placing.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/**
 * Loads a snapshot's tables (from `source(table)`) and sequence values in one transaction: the
 * database ends up with all of it or none of it.
 */
export async function loadDatabaseSnapshot(
  db: Db,
  contents: Pick<SnapshotContents, 'tables' | 'sequences'>,
  source: (table: string) => Readable,
): Promise<void> {
  await withConnection(db, async (client) => {
    await client.query('begin');
    try {
      const byName = new Map(contents.tables.map((t) => [t.name, t]));
      const order = await loadOrder(client, [...byName.keys()]);
      // The database was empty before its schema was built, so any row here now was written by a
      // migration (a settings row with its defaults): the backup's copy of that table replaces it.
      for (const name of [...order].reverse()) await client.query(`delete from ${quote(name)}`);
      for (const name of order) {
        const table = byName.get(name)!;
        const copy = client.query(copyFrom(`copy ${quote(name)} (${table.columns.map(quote).join(', ')}) from stdin`));
        await pipeline(source(name), copy);
      }
      for (const sequence of contents.sequences) {
        // A sequence never used starts at its beginning again; otherwise it continues after the last value.
        if (sequence.lastValue === null)
          await client.query('select setval($1::regclass, 1, false)', [quote(sequence.name)]);
        else await client.query('select setval($1::regclass, $2, true)', [quote(sequence.name), sequence.lastValue]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  });
}
