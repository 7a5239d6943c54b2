import type { Knex } from 'knex';

// The audit trail of configuration edits made in the back office (SLA policies, calendars, rules,
// teams, users, channels…): ticket_events needs a ticket, these changes have none.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('config_changes', (t) => {
    t.bigIncrements('id');
    t.integer('actor_id').references('users.id').onDelete('SET NULL').index();
    // The AdminJS resource (table) and the record's id as text (some keys are not numbers).
    t.text('resource').notNullable();
    t.text('record_id');
    t.text('action').notNullable().checkIn(['create', 'update', 'delete'], 'config_changes_action_check');
    t.jsonb('before');
    t.jsonb('after');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['resource', 'record_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('config_changes');
}
