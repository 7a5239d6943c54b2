import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    // Workflow id + step + recipient: a retried activity finds its earlier delivery and sends nothing.
    t.text('idempotency_key').notNullable().unique();
    t.text('kind').notNullable().checkIn(['email', 'teams', 'in_app'], 'notifications_kind_check');
    t.integer('channel_id').references('notification_channels.id').onDelete('SET NULL').index();
    t.integer('ticket_id').references('tickets.id').onDelete('CASCADE');
    t.integer('recipient_user_id').references('users.id').onDelete('SET NULL').index();
    t.text('recipient').notNullable();
    t.text('template').notNullable();
    t.text('subject');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'sent', 'failed'], 'notifications_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('sent_at');
    t.timestamps(true, true);
    t.index(['ticket_id', 'id']);
    t.index(['status', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
}
