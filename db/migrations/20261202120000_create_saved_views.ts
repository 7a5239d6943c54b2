import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_views', (t) => {
    t.increments('id');
    t.integer('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // Validated against domain/ticket-views.ts's whitelist before it is stored and again when read.
    t.jsonb('filters').notNullable().defaultTo('{}');
    t.jsonb('sort').notNullable();
    t.integer('shared_with_team_id').references('teams.id').onDelete('SET NULL').index();
    t.timestamps(true, true);
    t.unique(['owner_id', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saved_views');
}
