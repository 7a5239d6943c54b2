import type { Knex } from 'knex';

// An outbound webhook endpoint an admin registered: where events go, which ones, and the secret
// that signs them (AES-256-GCM ciphertext, db/secret-box.ts, with its last four characters for
// display). `consecutive_failures` and `failing_since` say how long it has been failing; past the
// limit the delivery activity sets `active` false with `disabled_at` and the reason.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.increments('id');
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.text('description');
    t.text('secret_ciphertext').notNullable();
    t.text('secret_last4').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('disabled_at', { useTz: true });
    t.text('disabled_reason');
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('failing_since', { useTz: true });
    t.integer('created_by').references('users.id').onDelete('SET NULL').index();
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_endpoints');
}
