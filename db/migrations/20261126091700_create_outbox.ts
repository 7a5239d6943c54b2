import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    // What must happen after the commit, e.g. 'ticket.start_workflow'.
    t.text('topic').notNullable();
    t.integer('ticket_id').references('tickets.id').onDelete('CASCADE').index();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('processed_at');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
  // The reconciler only ever reads what is still pending.
  await knex.raw('CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
}
