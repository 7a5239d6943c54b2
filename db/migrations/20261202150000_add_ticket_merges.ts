import type { Knex } from 'knex';

// A duplicate merged into another ticket keeps a link to it (its portal page and guest link lead
// there), and each message copied into the target names the message it was copied from, so the
// target's conversation says where a message came from and the original stays traceable (the copy
// of the duplicate's description has a ticket and no message).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('merged_into_ticket_id').references('tickets.id').onDelete('SET NULL').index();
  });
  await knex.schema.alterTable('ticket_messages', (t) => {
    t.integer('merged_from_ticket_id').references('tickets.id').onDelete('SET NULL').index();
    t.integer('merged_from_message_id').references('ticket_messages.id').onDelete('SET NULL').index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ticket_messages', (t) => {
    t.dropColumn('merged_from_message_id');
    t.dropColumn('merged_from_ticket_id');
  });
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('merged_into_ticket_id'));
}
