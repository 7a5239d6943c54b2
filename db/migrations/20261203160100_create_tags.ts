import type { Knex } from 'knex';

// The tag vocabulary managers keep: each name once, whatever its case ("VIP" and "vip" are one tag).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tags', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('description');
    t.timestamps(true, true);
  });
  await knex.raw('create unique index tags_name_lower_unique on tags (lower(name))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tags');
}
