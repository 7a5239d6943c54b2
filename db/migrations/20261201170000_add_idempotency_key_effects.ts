import type { Knex } from 'knex';

// What a keyed request created (`ticket:<id>`, `message:<id>`), written in the same transaction as
// the row itself: a retry after the server died between that commit and storing the response
// finds it and answers with it instead of creating a second one.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.text('effect');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('effect');
  });
}
