import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_channels', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('kind').notNullable().checkIn(['email', 'teams', 'in_app'], 'notification_channels_kind_check');
    // A Teams channel belongs to a team; e-mail and in-app channels are global.
    t.integer('team_id').references('teams.id').onDelete('CASCADE').index();
    t.jsonb('settings').notNullable().defaultTo('{}');
    // AES-256-GCM ciphertext (iv.tag.data, base64) of the API key or webhook URL.
    t.text('secret_ciphertext');
    t.text('secret_last4');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_channels');
}
