import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('teams', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('description');
    t.integer('lead_id').references('users.id').onDelete('SET NULL').index();
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('teams');
}
