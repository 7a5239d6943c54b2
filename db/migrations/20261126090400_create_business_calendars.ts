import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('business_calendars', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('timezone').notNullable().defaultTo('UTC');
    // {"mon": [["09:00","12:00"],["13:00","17:00"]], ...}; a missing day is closed.
    t.jsonb('weekly_hours').notNullable();
    // [{"date": "2026-12-25", "name": "Christmas Day"}]
    t.jsonb('holidays').notNullable().defaultTo('[]');
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('business_calendars');
}
