import type { Knex } from 'knex';

// The back office filters tickets by creation date; without an index that scans every ticket.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => t.index(['created_at'], 'tickets_created_at_index'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => t.dropIndex(['created_at'], 'tickets_created_at_index'));
}
