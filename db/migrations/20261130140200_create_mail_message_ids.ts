import type { Knex } from 'knex';

// Every Message-ID we sent or received for a ticket: In-Reply-To/References of a new mail are
// looked up here first, and outgoing mail threads to the latest one.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_message_ids', (t) => {
    t.bigIncrements('id');
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE').index();
    t.integer('ticket_message_id').references('ticket_messages.id').onDelete('SET NULL').index();
    t.text('message_id').notNullable();
    t.text('direction').notNullable().checkIn(['in', 'out'], 'mail_message_ids_direction_check');
    t.text('recipient');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['ticket_id', 'message_id'], { indexName: 'mail_message_ids_ticket_message_unique' });
    t.index(['message_id'], 'mail_message_ids_message_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_message_ids');
}
