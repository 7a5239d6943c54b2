import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('satisfaction_ratings', (t) => {
    t.increments('id');
    // One rating per ticket; a new rating replaces the old one.
    t.integer('ticket_id').notNullable().unique().references('tickets.id').onDelete('CASCADE');
    t.integer('user_id').references('users.id').onDelete('SET NULL').index();
    t.integer('score').notNullable().checkBetween([1, 5], 'satisfaction_ratings_score_check');
    t.text('comment');
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('satisfaction_ratings');
}
