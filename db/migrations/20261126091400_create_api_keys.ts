import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.text('name').notNullable();
    // The public part of `tf_<prefix>_<secret>`, shown in lists; the secret is only stored hashed.
    t.text('prefix').notNullable().unique();
    t.text('secret_hash').notNullable();
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{tickets:read,tickets:write}');
    t.timestamp('last_used_at');
    t.timestamp('expires_at');
    t.timestamp('revoked_at');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_keys');
}
