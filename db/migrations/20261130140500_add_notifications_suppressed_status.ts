import type { Knex } from 'knex';

// A delivery we deliberately did not send (the address bounced, or the mail that opened the
// ticket was auto-generated) is logged as `suppressed` with the reason, not as sent or failed.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table notifications drop constraint notifications_status_check');
  await knex.raw(
    "alter table notifications add constraint notifications_status_check check (status in ('pending', 'sent', 'failed', 'suppressed'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('notifications').where({ status: 'suppressed' }).update({ status: 'failed' });
  await knex.raw('alter table notifications drop constraint notifications_status_check');
  await knex.raw(
    "alter table notifications add constraint notifications_status_check check (status in ('pending', 'sent', 'failed'))",
  );
}
