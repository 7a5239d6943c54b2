import type { Knex } from 'knex';

/** Each table's columns and their PostgreSQL type names (`text`, `_text` for text[], `jsonb`, `tsvector`…). */
export type ColumnTypes = Map<string, Map<string, string>>;

/** Reads the column types of every table in the current schema, for filters that must fit each type. */
export async function listColumnTypes(db: Knex): Promise<ColumnTypes> {
  const rows: { table_name: string; column_name: string; udt_name: string }[] = await db('information_schema.columns')
    .whereRaw('table_schema = current_schema()')
    .select('table_name', 'column_name', 'udt_name');
  const tables: ColumnTypes = new Map();
  for (const row of rows) {
    const columns = tables.get(row.table_name) ?? new Map<string, string>();
    columns.set(row.column_name, row.udt_name);
    tables.set(row.table_name, columns);
  }
  return tables;
}
