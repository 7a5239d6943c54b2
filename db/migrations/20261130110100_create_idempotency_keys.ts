import type { Knex } from 'knex';

// Idempotency-Key (Stripe's semantics): the first response to a key, kept per caller for 24 hours,
// so a retried POST answers what the first one did instead of doing it again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    // Whose key: `user:<id>`, `guest-link:<sha256 of the token>` or `address:<client address>`.
    t.text('caller').notNullable();
    t.text('key').notNullable();
    // sha256 of the method, path and body: the same key with another request is refused (422).
    t.text('fingerprint').notNullable();
    t.text('state').notNullable().checkIn(['in_flight', 'done'], 'idempotency_keys_state_check');
    // An in-flight claim past this moment was abandoned (its server died) and may be taken over.
    t.timestamp('locked_until', { useTz: true }).notNullable();
    t.integer('status_code');
    t.text('response_body');
    t.jsonb('response_headers');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['caller', 'key']);
    // Purging keys older than 24 hours reads this.
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
