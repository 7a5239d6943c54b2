import type AdminJS from 'adminjs';
import pino from 'pino';
import { expect } from 'vitest';
import { createBackOffice } from '../../admin/admin-options.js';
import type { StaffRole } from '../../domain/roles.js';
import { readSchemaTables } from '../../admin/schema-tables.js';
import { backOfficeActions, type BackOfficeAction } from '../../admin/write-actions.js';
import { seedDemoData } from '../../db/seeds/demo-data.js';
import { createTicketDeps } from '../../tickets/ticket-deps.js';
import { createMailboxWorkflows } from '../../workflows/mailbox-client.js';
import { adminSession, type AdminSession } from '../admin/admin-session.js';
import { snapshotDatabase } from './db-snapshot.js';
import { eventually } from './eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './fixtures.js';
import { createIsolatedDatabase } from './isolated-database.js';
import { startTestStack, type TestStack } from './test-stack.js';

/** A back office on a database of its own with a record in every table, and a session per staff role. */
export interface BackOfficeWorld {
  stack: TestStack;
  /** The same back office the server runs (createBackOffice), to enumerate every resource, action and filter. */
  admin: AdminJS;
  actions: BackOfficeAction[];
  sessions: Record<StaffRole, AdminSession>;
  customer: KeyedUser;
  /** A ticket with a running workflow (created through the API). */
  liveTicketId: number;
  /** Up to two record ids per resource, the live ticket first. */
  recordIds: Record<string, string[]>;
  close(): Promise<void>;
}

/**
 * Seeds the demo data (every configuration table) plus the rows the seed has none of, creates a
 * ticket through the API and waits until its workflow has nothing left to do, so the database
 * stands still unless someone changes it.
 */
export async function startBackOfficeWorld(): Promise<BackOfficeWorld> {
  const isolated = await createIsolatedDatabase();
  const stack = await startTestStack({ databaseUrl: isolated.url });
  const { db } = stack;
  await seedDemoData(db, { teamsWebhook: { baseUrl: stack.capture.url, appSecretKey: stack.appSecretKey } });
  const customer = await createKeyedUser(db, 'customer');
  const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: customer.auth,
    body: { title: 'World ticket', description: 'A ticket with a running workflow' },
  });
  expect(created.status).toBe(201);
  const liveTicketId = created.body.id as number;
  const [message] = await db('ticket_messages')
    .insert({ ticket_id: liveTicketId, author_id: customer.user.id, body: 'Hello', source: 'api' })
    .returning('id');
  await db('attachments').insert({
    ticket_id: liveTicketId,
    message_id: message.id,
    uploader_id: customer.user.id,
    filename: 'log.txt',
    storage_key: `world-${liveTicketId}`,
    content_type: 'text/plain',
    size_bytes: 5,
    sha256: '0'.repeat(64),
  });
  const closed = await db('tickets').where({ status: 'closed' }).first('id');
  await db('satisfaction_ratings')
    .insert({ ticket_id: closed.id, user_id: customer.user.id, score: 4 })
    .onConflict('ticket_id')
    .ignore(); // the demo seed may have rated it already
  await db('config_changes').insert({ resource: 'teams', record_id: '1', action: 'update', after: '{}' });

  const roles: StaffRole[] = ['admin', 'manager', 'agent'];
  const signedIn = await Promise.all(roles.map((role) => adminSession(stack, role)));
  const sessions = Object.fromEntries(roles.map((role, i) => [role, signedIn[i]])) as Record<StaffRole, AdminSession>;

  // The workflow routes the ticket, plans its SLA and sends "created" notifications; then it waits.
  await eventually(async () => {
    expect(await db('ticket_events').where({ ticket_id: liveTicketId, type: 'assigned' })).toHaveLength(1);
    expect(await db('notifications').where({ ticket_id: liveTicketId }).whereNot({ status: 'sent' })).toEqual([]);
    expect(await db('notifications').where({ ticket_id: liveTicketId })).not.toHaveLength(0);
  });
  await eventually(async () => {
    const first = await snapshotDatabase(db);
    await new Promise((r) => setTimeout(r, 300));
    expect(await snapshotDatabase(db)).toEqual(first);
  });

  const tables = await readSchemaTables(db);
  const admin = createBackOffice({
    db,
    tickets: createTicketDeps({ db, workflows: stack.workflows, logger: pino({ level: 'silent' }) }),
    tables,
    appSecretKey: stack.appSecretKey,
    temporalUi: null,
    outboundAllowHosts: [],
    publicUrl: stack.baseUrl,
    mailboxes: createMailboxWorkflows(stack.workflows.client),
  });
  const actions = backOfficeActions(admin);
  const recordIds: Record<string, string[]> = {};
  for (const resourceId of new Set(actions.map((a) => a.resourceId))) {
    const ids: unknown[] = await db(resourceId).orderBy('id', 'desc').limit(2).pluck('id');
    recordIds[resourceId] = ids.map(String);
  }
  recordIds.tickets = [String(liveTicketId), ...(recordIds.tickets ?? []).filter((id) => id !== String(liveTicketId))];
  return {
    stack,
    admin,
    actions,
    sessions,
    customer,
    liveTicketId,
    recordIds,
    async close() {
      await stack.close();
      await isolated.drop();
    },
  };
}

/** The AdminJS API path of an action, aimed at the world's records. */
export function actionPath(world: BackOfficeWorld, action: BackOfficeAction): string {
  const ids = world.recordIds[action.resourceId] ?? [];
  const base = `/api/resources/${action.resourceId}`;
  if (action.types.includes('record')) return `${base}/records/${ids[0] ?? '1'}/${action.name}`;
  if (action.types.includes('bulk')) return `${base}/bulk/${action.name}?recordIds=${ids.join(',')}`;
  return `${base}/actions/${action.name}`;
}
