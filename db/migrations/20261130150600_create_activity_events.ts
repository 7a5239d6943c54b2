import type { Knex } from 'knex';

const kinds = ['sign_in', 'sign_out', 'sign_in_failed', 'api_key_used', 'config_changed'];

// The activity log admins read: sign-ins, sign-outs, failed sign-ins, API-key use and configuration
// changes. Kept for ACTIVITY_RETENTION_DAYS, then purged by a Temporal schedule.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('activity_events', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable().checkIn(kinds, 'activity_events_kind_check');
    t.integer('user_id').references('users.id').onDelete('SET NULL').index();
    t.integer('api_key_id').references('api_keys.id').onDelete('SET NULL').index();
    // Who it was about when there is no user (a failed sign-in names the e-mail it tried, if any).
    t.text('subject');
    t.text('ip_address');
    t.text('user_agent');
    t.jsonb('details').notNullable().defaultTo('{}');
    // API-key use is recorded once per key and hour: a second insert with the same key is ignored.
    t.text('dedupe_key').unique();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now()).index();
    t.index(['kind', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('activity_events');
}
