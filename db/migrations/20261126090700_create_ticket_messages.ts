import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_messages', (t) => {
    t.increments('id');
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    t.text('body').notNullable();
    // Internal notes are for staff only and never reach a customer.
    t.boolean('internal').notNullable().defaultTo(false);
    t.text('source').notNullable().defaultTo('api');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_messages');
}
