import type { Knex } from 'knex';

// People copied on a ticket's mail (Cc): they receive replies, and their replies land on the ticket.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_participants', (t) => {
    t.increments('id');
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.text('added_via').notNullable().defaultTo('email_cc');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['ticket_id', 'user_id'], { indexName: 'ticket_participants_ticket_user_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_participants');
}
