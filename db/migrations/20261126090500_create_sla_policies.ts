import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sla_policies', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    // Policies are tried in position order; the first whose conditions match applies.
    t.integer('position').notNullable().defaultTo(100);
    t.boolean('active').notNullable().defaultTo(true);
    // {"priorities": ["urgent"], "organizationIds": [1], "teamIds": [2]}; empty matches every ticket.
    t.jsonb('conditions').notNullable().defaultTo('{}');
    t.integer('first_response_target_seconds').notNullable().checkPositive('sla_policies_first_response_check');
    t.integer('resolution_target_seconds').notNullable().checkPositive('sla_policies_resolution_check');
    t.integer('calendar_id').notNullable().references('business_calendars.id').onDelete('RESTRICT').index();
    t.jsonb('pause_statuses')
      .notNullable()
      .defaultTo(JSON.stringify(['pending', 'on_hold']));
    // Fractions of a target at which a warning fires, e.g. [0.75].
    t.jsonb('warning_thresholds')
      .notNullable()
      .defaultTo(JSON.stringify([0.75]));
    t.timestamps(true, true);
    t.index(['active', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sla_policies');
}
