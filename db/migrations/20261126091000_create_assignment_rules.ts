import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assignment_rules', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.integer('position').notNullable().defaultTo(100);
    t.boolean('active').notNullable().defaultTo(true);
    // {"categories": ["billing"], "priorities": ["urgent"], "organizationIds": [1]}
    t.jsonb('conditions').notNullable().defaultTo('{}');
    t.integer('team_id').notNullable().references('teams.id').onDelete('CASCADE').index();
    t.text('strategy')
      .notNullable()
      .defaultTo('round_robin')
      .checkIn(['round_robin', 'least_open', 'manual'], 'assignment_rules_strategy_check');
    // Round-robin cursor: the agent who got the previous ticket.
    t.integer('last_assigned_user_id').references('users.id').onDelete('SET NULL').index();
    t.timestamps(true, true);
    t.index(['active', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assignment_rules');
}
