import type { Knex } from 'knex';

// Entries that failed wait with backoff instead of being retried on every pass, and the relay finds
// the oldest pending entry of a ticket quickly (entries of one ticket are delivered in order).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.timestamp('next_attempt_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX outbox_pending_ticket_idx ON outbox (ticket_id, id) WHERE processed_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS outbox_pending_ticket_idx');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('next_attempt_at');
  });
}
