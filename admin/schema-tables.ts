import { Adapter, type ResourceMetadata } from '@adminjs/sql';
import { listColumnTypes } from '../db/column-types.js';
import type { Db } from '../db/connection.js';
import { TableResource } from './table-resource.js';

/** The tables of the database as AdminJS resources, by table name. */
export type Tables = (name: string, options?: { neverRead?: readonly string[] }) => TableResource;

/**
 * Reads the schema once with @adminjs/sql (columns, types, foreign keys) and returns the tables as
 * resources on `db`'s pool; the adapter's own connection is closed straight after.
 */
export async function readSchemaTables(db: Db): Promise<Tables> {
  const { connectionString } = db.client.config.connection as { connectionString: string };
  const database = decodeURIComponent(new URL(connectionString).pathname.slice(1)) || 'postgres';
  const [metadata, columnTypes] = await Promise.all([
    new Adapter('postgresql', { connectionString, database }).init(),
    listColumnTypes(db),
  ]);
  const tables = metadata.tables();
  await tables[0]?.knex.destroy();
  const byName = new Map<string, ResourceMetadata>(tables.map((t) => [t.tableName, t]));
  return (name, options = {}) => {
    const table = byName.get(name);
    if (!table) throw new Error(`The back office expects table "${name}"; run the migrations (npm run tf -- migrate).`);
    return new TableResource(table, db, { neverRead: options.neverRead, columnTypes: columnTypes.get(name) });
  };
}
