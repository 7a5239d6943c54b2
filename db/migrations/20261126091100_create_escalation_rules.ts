import type { Knex } from 'knex';

const triggers = ['sla_warning', 'first_response_breach', 'resolution_breach', 'no_update'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('escalation_rules', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('trigger').notNullable().checkIn(triggers, 'escalation_rules_trigger_check');
    // Delay after the trigger (e.g. 30 minutes after breach), or the idle time for no_update.
    t.integer('delay_seconds').notNullable().defaultTo(0);
    t.check('delay_seconds >= 0', [], 'escalation_rules_delay_check');
    t.integer('level').notNullable().defaultTo(1).checkPositive('escalation_rules_level_check');
    t.boolean('active').notNullable().defaultTo(true);
    // {"priorities": [...], "teamIds": [...], "organizationIds": [...]}
    t.jsonb('conditions').notNullable().defaultTo('{}');
    // [{"type": "notify", "roles": ["manager"]}, {"type": "raise_priority"}, {"type": "reassign", "teamId": 2}]
    t.jsonb('actions').notNullable().defaultTo('[]');
    t.timestamps(true, true);
    t.index(['active', 'trigger', 'level']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('escalation_rules');
}
