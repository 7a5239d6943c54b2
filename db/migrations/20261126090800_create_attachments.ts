import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.increments('id');
    t.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE').index();
    t.integer('message_id').references('ticket_messages.id').onDelete('SET NULL').index();
    t.integer('uploader_id').references('users.id').onDelete('SET NULL').index();
    t.text('filename').notNullable();
    // Random name on disk; the original filename is never used as a path.
    t.text('storage_key').notNullable().unique();
    t.text('content_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attachments');
}
