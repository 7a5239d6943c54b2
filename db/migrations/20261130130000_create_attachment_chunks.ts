import type { Knex } from 'knex';

// Attachment bytes for ATTACHMENT_STORE=postgres, so replicas on different machines share them.
// Chunks are written before the `attachments` row exists (the upload streams in), hence no foreign key.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachment_chunks', (t) => {
    t.text('storage_key').notNullable();
    t.integer('seq').notNullable();
    t.binary('data').notNullable();
    t.primary(['storage_key', 'seq']);
  });
  // Most uploads (images, PDFs, archives) are compressed already: store them out of line as they are.
  await knex.raw('alter table attachment_chunks alter column data set storage external');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attachment_chunks');
}
