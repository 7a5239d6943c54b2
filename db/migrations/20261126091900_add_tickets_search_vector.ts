import type { Knex } from 'knex';

// Full-text search over title and description. The 'simple' configuration does no stemming, so
// it behaves the same for every language a helpdesk receives; title words weigh more.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
      setweight(to_tsvector('simple', coalesce(description, '')), 'B')
    ) STORED`);
  await knex.raw('CREATE INDEX tickets_search_idx ON tickets USING gin (search)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('search'));
}
