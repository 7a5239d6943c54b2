import type { Knex } from 'knex';
import { loadConfig, requireSettings } from './config.js';
import { migrationConfig } from './db/migrator.js';

// For people who prefer the knex CLI: `npx tsx ./node_modules/knex/bin/cli.js migrate:latest`.
// `npm run tf -- migrate` does the same and also works without DATABASE_URL (embedded PostgreSQL).
const config = requireSettings(loadConfig(), ['DATABASE_URL']);

const knexConfig: Knex.Config = {
  client: 'pg',
  connection: config.DATABASE_URL,
  migrations: migrationConfig,
};

export default knexConfig;
