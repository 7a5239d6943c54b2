import type { Knex } from 'knex';

// The help centre's sections ("Account and sign-in", "Billing"…), shown in position order.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_categories', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('slug').notNullable().unique();
    t.text('description');
    t.integer('position').notNullable().defaultTo(100);
    t.timestamps(true, true);
    t.check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", [], 'kb_categories_slug_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kb_categories');
}
