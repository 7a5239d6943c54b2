import type { Knex } from 'knex';

const statuses = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];
const priorities = ['low', 'normal', 'high', 'urgent'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('macros', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    // The reply, with placeholders such as {{ticket.number}}; empty when the macro only acts.
    t.text('body').notNullable().defaultTo('');
    // An internal note instead of a public reply.
    t.boolean('internal').notNullable().defaultTo(false);
    // Each action is a column of its own (null: leave it as it is), so the back office offers plain fields.
    t.text('set_status').checkIn(statuses, 'macros_set_status_check');
    t.text('set_priority').checkIn(priorities, 'macros_set_priority_check');
    t.integer('set_team_id').references('teams.id').onDelete('SET NULL').index();
    t.integer('set_assignee_id').references('users.id').onDelete('SET NULL').index();
    t.specificType('add_tags', 'text[]').notNullable().defaultTo('{}');
    t.specificType('remove_tags', 'text[]').notNullable().defaultTo('{}');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('created_by').references('users.id').onDelete('SET NULL').index();
    t.timestamps(true, true);
    // The agents' list: active macros by name.
    t.index(['active', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('macros');
}
