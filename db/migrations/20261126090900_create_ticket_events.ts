import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_events', (t) => {
    t.bigIncrements('id');
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE');
    t.integer('actor_id').references('users.id').onDelete('SET NULL').index();
    t.text('source').notNullable();
    t.text('type').notNullable();
    t.jsonb('before');
    t.jsonb('after');
    // Set by workflow activities (workflow id + step) so a retried activity records once.
    t.text('idempotency_key').unique();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['ticket_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_events');
}
