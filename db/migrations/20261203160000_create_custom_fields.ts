import type { Knex } from 'knex';

const types = ['text', 'number', 'date', 'checkbox', 'single_select', 'multi_select'];

// Custom fields managers define; a ticket's values stay in tickets.custom_fields (jsonb, by key).
// A field is switched off (active = false) rather than deleted, so the values tickets hold keep their meaning.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('custom_fields', (t) => {
    t.increments('id');
    // The value's name in the API, in tickets.custom_fields and in rule conditions: never reused.
    t.text('key').notNullable().unique();
    t.text('label').notNullable();
    t.text('description');
    t.text('type').notNullable().checkIn(types, 'custom_fields_type_check');
    // A select's choices, in the order forms offer them.
    t.jsonb('options').notNullable().defaultTo('[]');
    t.specificType('required_for_statuses', 'text[]').notNullable().defaultTo('{}');
    t.boolean('customer_visible').notNullable().defaultTo(false);
    t.boolean('customer_editable').notNullable().defaultTo(false);
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    // Forms list the active fields in order.
    t.index(['active', 'position']);
  });
  await knex.raw(
    'alter table custom_fields add constraint custom_fields_editable_visible_check check (not customer_editable or customer_visible)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('custom_fields');
}
