import type { Knex } from 'knex';

// Addresses that bounced: no mail goes to them until `suppressed_until`.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_suppressions', (t) => {
    t.increments('id');
    t.text('address').notNullable();
    t.text('reason').notNullable().defaultTo('bounce');
    t.text('detail');
    t.integer('bounce_count').notNullable().defaultTo(1);
    t.timestamp('last_bounced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('suppressed_until', { useTz: true }).notNullable();
    t.timestamps(true, true);
  });
  await knex.raw('create unique index mail_suppressions_address_lower_unique on mail_suppressions (lower(address))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_suppressions');
}
