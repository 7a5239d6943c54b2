import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { Db } from './connection.js';

/** Where the migrations live. */
export const migrationsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migration file names: a 14-digit UTC timestamp, then a verb and a noun, e.g. `20261126090000_create_users.ts`. */
export const migrationFileName = /^\d{14}_[a-z]+(_[a-z0-9]+)+\.ts$/;

// Compiled (dist/, production) the migrations are .js files; their names (without extension) are the same.
const migrationModule = /^\d{14}_[a-z]+(_[a-z0-9]+)+\.(ts|js)$/;

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Knex's own loader uses a bare `import()` that cannot load TypeScript under every runner
// (knex#4793, knex#6087); importing from our own module works under tsx and vitest alike.
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    const files = await readdir(migrationsDirectory);
    return files.filter((f) => migrationModule.test(f)).sort();
  },
  getMigrationName(file) {
    return file.replace(/\.(ts|js)$/, '');
  },
  async getMigration(file) {
    const module = (await import(pathToFileURL(path.join(migrationsDirectory, file)).href)) as MigrationModule;
    return { up: module.up, down: module.down };
  },
};

/** Knex migration settings shared by the CLI, `npm start`, tests and knexfile.ts. */
export const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

/** Rolls back every applied migration; returns the names rolled back. */
export async function rollbackAll(db: Db): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(migrationConfig, true)) as [number, string[]];
  return rolledBack;
}

/** Every migration this code knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return (await migrationSource.getMigrations([])).map((file) => migrationSource.getMigrationName(file));
}

/** The migrations this database has applied, oldest first (none for a database never migrated). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const [completed] = (await db.migrate.list(migrationConfig)) as [{ name: string }[], unknown[]];
  return completed.map((m) => m.name.replace(/\.(ts|js)$/, ''));
}

/** Applies pending migrations one by one up to and including `name` (e.g. the schema of a backup). */
export async function migrateUpTo(db: Db, name: string): Promise<void> {
  for (;;) {
    if ((await appliedMigrations(db)).includes(name)) return;
    const [, applied] = (await db.migrate.up(migrationConfig)) as [number, string[]];
    if (applied.length === 0) throw new Error(`migration ${name} is not among this version's migrations`);
  }
}
