import type { Knex } from 'knex';

// Guests raise tickets without an account: their e-mails carry a signed link instead of a portal
// link. The flag drops when the person later signs in and the account gets an identity.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('guest').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('guest');
  });
}
