import type { Knex } from 'knex';

// Who may see which ticket depends on users (role, organization, active), organizations (sharing),
// tickets (requester, organization) and API keys (revocation). Triggers announce every change of
// those on the `ticketflow_access` channel when it commits, whoever makes it (back office, CLI,
// worker, a script), so every server replica re-checks the live rooms of the people concerned.
const triggers = [
  {
    table: 'users',
    when: `old.role is distinct from new.role or old.organization_id is distinct from new.organization_id
           or old.active is distinct from new.active`,
    payload: `json_build_object('userId', new.id)`,
  },
  {
    table: 'organizations',
    when: 'old.shares_tickets is distinct from new.shares_tickets',
    payload: `json_build_object('organizationId', new.id)`,
  },
  {
    table: 'tickets',
    when: 'old.requester_id is distinct from new.requester_id or old.organization_id is distinct from new.organization_id',
    payload: `json_build_object('ticketId', new.id)`,
  },
  {
    table: 'api_keys',
    when: 'old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at',
    payload: `json_build_object('userId', new.user_id)`,
  },
];

export async function up(knex: Knex): Promise<void> {
  for (const { table, when, payload } of triggers) {
    await knex.raw(`
      create function notify_${table}_access_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('ticketflow_access', ${payload}::text);
        return null;
      end $$`);
    await knex.raw(`
      create trigger ${table}_access_change after update on ${table}
      for each row when (${when}) execute function notify_${table}_access_change()`);
  }
  // A deleted user's sockets must go as well.
  await knex.raw(`
    create function notify_users_deleted() returns trigger language plpgsql as $$
    begin
      perform pg_notify('ticketflow_access', json_build_object('userId', old.id)::text);
      return null;
    end $$`);
  await knex.raw(
    'create trigger users_deleted_access_change after delete on users for each row execute function notify_users_deleted()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger users_deleted_access_change on users');
  await knex.raw('drop function notify_users_deleted()');
  for (const { table } of [...triggers].reverse()) {
    await knex.raw(`drop trigger ${table}_access_change on ${table}`);
    await knex.raw(`drop function notify_${table}_access_change()`);
  }
}
