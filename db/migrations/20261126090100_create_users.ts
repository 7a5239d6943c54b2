import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('role')
      .notNullable()
      .defaultTo('customer')
      .checkIn(['admin', 'manager', 'agent', 'customer'], 'users_role_check');
    t.integer('organization_id').references('organizations.id').onDelete('SET NULL').index();
    t.text('oidc_issuer');
    t.text('oidc_subject');
    t.boolean('active').notNullable().defaultTo(true);
    t.text('timezone').notNullable().defaultTo('UTC');
    t.timestamps(true, true);
    t.unique(['oidc_issuer', 'oidc_subject']);
    t.index(['role', 'active']);
  });
  // E-mail addresses are compared case-insensitively everywhere.
  await knex.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
