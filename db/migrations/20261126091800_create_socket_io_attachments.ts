import type { Knex } from 'knex';

// socket.io's PostgreSQL adapter and emitter pass events between processes with NOTIFY; payloads
// over NOTIFY's 8000-byte limit travel through this table.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('socket_io_attachments', (t) => {
    t.bigIncrements('id');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now()).index();
    t.binary('payload');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('socket_io_attachments');
}
