import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from './connection.js';
import { migrateToLatest, migrationFileName, migrationsDirectory, rollbackAll } from './migrator.js';

describe('the migrations folder', () => {
  it('holds only date-stamped verb_noun migrations, each with up and down, in a unique order', async () => {
    const files = (await readdir(migrationsDirectory)).filter((f) => !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file, `${file} should be named like 20261126090000_create_users.ts`).toMatch(migrationFileName);
      const source = await readFile(path.join(migrationsDirectory, file), 'utf8');
      expect(source, `${file} exports up`).toMatch(/export async function up\(/);
      expect(source, `${file} exports down`).toMatch(/export async function down\(/);
    }
    const stamps = files.map((f) => f.slice(0, 14));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

describe('migrations on a fresh database', () => {
  const name = `migrations_${randomUUID().replaceAll('-', '')}`;
  let admin: pg.Client;
  let db: Db;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(inject('adminDatabaseUrl'));
    url.pathname = `/${name}`;
    db = createDb(url.toString(), { poolMax: 1 });
  });
  afterAll(async () => {
    await db?.destroy();
    await admin?.query(`drop database if exists ${name}`);
    await admin?.end();
  });

  const tables = async () =>
    (await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename'))
      .filter((t: string) => !t.startsWith('knex_'))
      .sort();

  it('go up, all the way down, and up again', async () => {
    const files = (await readdir(migrationsDirectory)).filter((f) => migrationFileName.test(f));
    expect(await migrateToLatest(db)).toHaveLength(files.length);
    const created = await tables();
    expect(created).toEqual(
      [
        'api_keys',
        'assignment_rules',
        'attachment_chunks',
        'attachments',
        'business_calendars',
        'config_changes',
        'custom_fields',
        'activity_events',
        'kb_articles',
        'kb_categories',
        'kb_deflection_events',
        'kb_images',
        'escalation_rules',
        'idempotency_keys',
        'macros',
        'mail_imports',
        'mail_message_ids',
        'mail_suppressions',
        'mailboxes',
        'notification_channels',
        'notifications',
        'organizations',
        'outbox',
        'rate_limits',
        'satisfaction_ratings',
        'saved_views',
        'sessions',
        'sla_policies',
        'socket_io_attachments',
        'tags',
        'team_members',
        'teams',
        'ticket_events',
        'ticket_messages',
        'ticket_participants',
        'ticket_settings',
        'tickets',
        'users',
        'webhook_deliveries',
        'webhook_endpoints',
      ].sort(),
    );

    expect(await rollbackAll(db)).toHaveLength(files.length);
    expect(await tables()).toEqual([]);
    const leftovers = await db.raw(
      "select relname from pg_class where relkind = 'S' and relnamespace = 'public'::regnamespace and relname not like 'knex%'",
    );
    expect(leftovers.rows).toEqual([]);

    expect(await migrateToLatest(db)).toHaveLength(files.length);
    expect(await tables()).toEqual(created);
  });

  it('index every foreign key by its leading column', async () => {
    await migrateToLatest(db);
    const { rows } = await db.raw(`
      select c.conrelid::regclass::text as "table", a.attname as "column"
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (
          select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
        )`);
    expect(rows, 'foreign keys without an index').toEqual([]);
  });

  it('refuse rows that break the domain rules', async () => {
    await migrateToLatest(db);
    const [user] = await db('users').insert({ email: 'rules@test.example', name: 'Rules' }).returning('id');
    const ticket = { title: 't', description: 'd', requester_id: user.id };
    await expect(db('tickets').insert({ ...ticket, status: 'archived' })).rejects.toThrow(/tickets_status_check/);
    await expect(db('tickets').insert({ ...ticket, priority: 'asap' })).rejects.toThrow(/tickets_priority_check/);
    await expect(db('users').insert({ email: 'RULES@test.example', name: 'Dup' })).rejects.toThrow(
      /users_email_lower_unique/,
    );
    const [row] = await db('tickets').insert(ticket).returning(['id', 'number', 'workflow_id', 'status', 'priority']);
    expect(row.number).toMatch(/^TF-10\d\d$/);
    expect(row).toMatchObject({ workflow_id: `ticket-${row.id}`, status: 'new', priority: 'normal' });
  });
});
