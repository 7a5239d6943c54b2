import type { Knex } from 'knex';

// One event for one endpoint: the payload as it will be sent (a snapshot of the ticket when the
// event happened), and what became of it. Only the receiver's status code is kept, never its body.
// (endpoint_id, event_id) is unique: an event reaches an endpoint's log once, however often the
// write that caused it is retried.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id');
    t.integer('endpoint_id').notNullable().references('webhook_endpoints.id').onDelete('CASCADE');
    t.uuid('event_id').notNullable();
    t.text('event_type').notNullable();
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE').index();
    t.jsonb('payload').notNullable();
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'delivered', 'failed'], 'webhook_deliveries_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('last_status_code');
    t.text('last_error');
    t.timestamp('last_attempt_at', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
    t.timestamps(true, true);
    t.unique(['endpoint_id', 'event_id']);
    // The delivery log of an endpoint, newest first, a page at a time.
    t.index(['endpoint_id', 'id']);
  });
  // The delivery workflow of an endpoint and a ticket takes its pending events in order.
  await knex.raw(
    "CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, ticket_id, id) WHERE status = 'pending'",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_deliveries');
}
