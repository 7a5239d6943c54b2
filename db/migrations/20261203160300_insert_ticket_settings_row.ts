import type { Knex } from 'knex';

// The settings row with its defaults (free tags allowed, as before the tag list existed).
export async function up(knex: Knex): Promise<void> {
  await knex('ticket_settings').insert({ id: 1 }).onConflict('id').ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('ticket_settings').where({ id: 1 }).delete();
}
