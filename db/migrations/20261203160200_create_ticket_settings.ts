import type { Knex } from 'knex';

// Settings of the ticket desk that managers change in the back office: one row (id 1), so each
// setting is a typed column with a default rather than a key-value pair.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_settings', (t) => {
    t.integer('id').primary().defaultTo(1);
    // Off: only tags from the tag list may be put on tickets.
    t.boolean('free_tags_allowed').notNullable().defaultTo(true);
    t.timestamps(true, true);
  });
  await knex.raw('alter table ticket_settings add constraint ticket_settings_one_row_check check (id = 1)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_settings');
}
