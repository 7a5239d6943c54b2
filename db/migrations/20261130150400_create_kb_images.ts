import type { Knex } from 'knex';

// Images in article bodies: the bytes live in the attachment store under a random key, like ticket
// attachments; the markdown refers to them as /api/kb/images/<id>.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_images', (t) => {
    t.increments('id');
    t.integer('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE').index();
    t.integer('uploader_id').references('users.id').onDelete('SET NULL').index();
    t.text('filename').notNullable();
    t.text('storage_key').notNullable().unique();
    t.text('content_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kb_images');
}
