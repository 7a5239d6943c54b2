import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_members', (t) => {
    t.integer('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    // The most open tickets the agent takes from automatic assignment.
    t.integer('capacity').notNullable().defaultTo(20).checkPositive('team_members_capacity_check');
    t.boolean('available').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.primary(['team_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('team_members');
}
