import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db/connection.js';
import { tablesNotBackedUp } from '../db/database-snapshot.js';
import { startCaptureServer, type CaptureServer } from '../dev/capture-server.js';
import { startTemporalDevServer, type TemporalDevServer } from '../dev/temporal-dev-server.js';
import { createMailer } from '../notify/mailer.js';
import { connectTemporal, createTicketWorkflows } from '../workflows/client.js';
import { createTicketWorker } from '../workflows/worker.js';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createEmptyDatabase, createIsolatedDatabase } from './support/isolated-database.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { runCommand } from './support/run-command.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// The disaster-recovery drill: back up a live installation, lose it, restore the backup into a new
// database, reconcile against a Temporal that has never seen these tickets, and find every open
// ticket driven by a workflow whose deadlines are those of its rows, not of the restore.

const tf = (env: Record<string, string>, ...args: string[]) =>
  runCommand('npm', ['run', '--silent', 'tf', '--', ...args], {
    env: { ATTACHMENT_STORE: 'filesystem', ...env },
    timeoutMs: 120_000,
  });

let dir: string;
let source: { url: string; drop(): Promise<void> };
let stack: TestStack;
let world: LifecycleWorld;
let targetUrl: string;
let backupFile: string | undefined;
const scratchDatabases: string[] = [];
let target: Db | undefined;
let freshTemporal: TemporalDevServer | undefined;
let capture: CaptureServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-drill-'));
  source = await createIsolatedDatabase();
  stack = await startTestStack({ databaseUrl: source.url, attachmentDir: path.join(dir, 'source', 'attachments') });
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200, agents: 1 });
  await isolateWorld(stack.db, world);
});
afterAll(async () => {
  await stack?.close();
  await target?.destroy();
  await freshTemporal?.stop();
  await capture?.close();
  await source?.drop();
  if (targetUrl) scratchDatabases.push(new URL(targetUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  for (const name of scratchDatabases) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The tickets' rows once no workflow write has touched them for a moment. */
async function settledRows(db: Db, ids: number[]) {
  return eventually(async () => {
    const first = await db('tickets').whereIn('id', ids).orderBy('id');
    await new Promise((r) => setTimeout(r, 500));
    const second = await db('tickets').whereIn('id', ids).orderBy('id');
    expect(second).toEqual(first);
    return second;
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const near = (a: string | null, b: string | null) =>
  a !== null && b !== null && Math.abs(Date.parse(a) - Date.parse(b)) <= 1000;

it('backs up, restores into an empty database only, and reconciles onto a fresh Temporal with the rows’ deadlines', async () => {
  const create = async (title: string) =>
    (
      await requestJson(`${stack.baseUrl}/api/tickets`, {
        headers: world.customer.auth,
        body: { title, description: 'drill' },
      })
    ).body as { id: number };
  const waiting = await create('Waiting for a first answer');
  const answered = await create('Answered once');
  const attached = await create('With a screenshot');
  const form = new FormData();
  form.set('file', new Blob([new TextEncoder().encode('the log the customer sent')]), 'log.txt');
  const upload = await fetch(`${stack.baseUrl}/api/tickets/${attached.id}/attachments`, {
    method: 'POST',
    headers: world.customer.auth,
    body: form,
  });
  expect(upload.status).toBe(201);
  const ids = [waiting.id, answered.id, attached.id];
  await eventually(async () => {
    for (const id of ids)
      expect(await stack.db('ticket_events').where({ ticket_id: id, type: 'assigned' })).toHaveLength(1);
  });
  expect(
    (
      await requestJson(`${stack.baseUrl}/api/tickets/${answered.id}/messages`, {
        headers: world.staff.auth,
        body: { body: 'On it.' },
      })
    ).status,
  ).toBe(201);
  // The workflow records the first response, then opens the ticket: both land before the snapshot.
  await eventually(async () =>
    expect(await stack.db('tickets').where({ id: answered.id }).first()).toMatchObject({
      first_responded_at: expect.any(Date),
      status: 'open',
    }),
  );
  // The worker logs each ticket's notices after the writes waited for above (last: the agent's
  // "assigned", the customer's "replied"): they land before the backup, or the table counts differ.
  await eventually(async () => {
    for (const [id, last] of [
      [waiting.id, 'assigned'],
      [answered.id, 'replied'],
      [attached.id, 'assigned'],
    ] as const) {
      const sent = await stack.db('notifications').where({ ticket_id: id, template: last, status: 'sent' });
      expect(sent.map((n: { kind: string }) => n.kind).sort(), `ticket ${id} ${last}`).toEqual(['email', 'in_app']);
    }
  });
  const before = await settledRows(stack.db, ids);
  // Time passes between the backup and the restore: nothing may count from the restore.
  await new Promise((r) => setTimeout(r, 2500));

  const file = (backupFile = path.join(dir, 'ticketflow.tar.gz'));
  const sourceEnv = { DATABASE_URL: source.url, DATA_DIR: path.join(dir, 'source') };
  const backedUp = await tf(sourceEnv, 'backup', '--to', file);
  expect(backedUp.stderr).toMatch(/backed up \d+ tables \(\d+ rows\) at migration \S+ and 1 attachment file/);
  expect(backedUp.code).toBe(0);
  expect(backedUp.stdout.trim()).toBe(file);

  // A database with data is never overwritten.
  const refused = await tf(sourceEnv, 'restore', '--from', file);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('refusing to restore into a database that holds data');
  expect(await stack.db('tickets').whereIn('id', ids).orderBy('id')).toEqual(before);

  // The installation is lost; a new, empty database takes the backup.
  targetUrl = (await createEmptyDatabase('restored')).url;
  const targetEnv = { DATABASE_URL: targetUrl, DATA_DIR: path.join(dir, 'target') };
  const restored = await tf(targetEnv, 'restore', '--from', file);
  expect(restored.stderr + restored.stdout).toContain('restored;');
  expect(restored.code).toBe(0);

  target = createDb(targetUrl, { poolMax: 4 });
  const tables = (await stack.db('pg_tables').where({ schemaname: 'public' }).pluck('tablename')) as string[];
  for (const table of tables.filter((t) => !tablesNotBackedUp.includes(t))) {
    const count = async (db: Db) => Number((await db(table).count<{ n: number }[]>('* as n'))[0]?.n);
    expect(await count(target), table).toBe(await count(stack.db));
  }
  expect(await target('tickets').whereIn('id', ids).orderBy('id')).toEqual(before);
  const { storage_key: key } = await target('attachments').where({ ticket_id: attached.id }).first('storage_key');
  expect(await readFile(path.join(dir, 'target', 'attachments', key), 'utf8')).toBe('the log the customer sent');
  // New rows continue the sequences instead of colliding with restored ones.
  const [next] = await target('organizations').insert({ name: 'After the restore' }).returning('id');
  expect(next.id).toBeGreaterThan(Number((await stack.db('organizations').max<{ m: number }[]>('id as m'))[0]?.m ?? 0));

  // A Temporal that has never seen these tickets, with a worker on the production task queue.
  freshTemporal = await startTemporalDevServer({
    logFile: path.join(dir, 'temporal.log'),
    uiPort: false,
    searchPath: process.env.PATH,
    configuredPath: process.env.TEMPORAL_CLI_PATH,
  });
  capture = await startCaptureServer({ port: 0 });
  const { worker, connection } = await createTicketWorker({
    address: freshTemporal.address,
    namespace: 'default',
    activities: {
      db: target,
      mailer: createMailer({ apiKey: 'SG.drill', apiUrl: capture.url, from: 'TicketFlow <support@drill.example>' }),
      publisher: null,
      appSecretKey: stack.appSecretKey,
      publicUrl: stack.baseUrl,
      autoCloseSeconds: 7 * 86_400,
    },
  });
  const running = worker.run();
  const client = await connectTemporal({ address: freshTemporal.address, namespace: 'default' });
  try {
    const reconciled = await tf({ ...targetEnv, TEMPORAL_ADDRESS: freshTemporal.address }, 'reconcile');
    expect(reconciled.stdout).toContain('3 open ticket(s) checked, each has its workflow');
    expect(reconciled.code).toBe(0);
    const workflows = createTicketWorkflows(client, { requestTimeoutMs: 10_000 });
    for (const row of before) {
      const sla = await eventually(async () => {
        const state = await workflows.getSla(row.id);
        expect(state?.clock).toBeTruthy();
        return state!;
      });
      // The SLA counts from created_at: the deadlines are the rows', not the restore's.
      expect(near(sla.clock!.resolution.dueAt, iso(row.resolution_due_at)), `ticket ${row.id} resolution`).toBe(true);
      if (row.first_responded_at) expect(sla.clock!.firstResponse.metAt).toBe(iso(row.first_responded_at));
      else
        expect(
          near(sla.clock!.firstResponse.dueAt, iso(row.first_response_due_at)),
          `ticket ${row.id} first response`,
        ).toBe(true);
    }
    // The customers were told about their tickets before the backup: the restore tells them nothing again.
    await new Promise((r) => setTimeout(r, 1000));
    expect(capture.messages().filter((m) => m.subject.includes('We received your request'))).toEqual([]);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
  }
});

it('takes the backup into a database `tf migrate` has just built, and refuses it once that holds data', async () => {
  expect(backupFile, 'the drill above made the backup').toBeDefined();
  const migrated = await createEmptyDatabase('migrated');
  scratchDatabases.push(migrated.name);
  const env = { DATABASE_URL: migrated.url, DATA_DIR: path.join(dir, 'migrated') };
  expect((await tf(env, 'migrate')).code).toBe(0);

  const restored = await tf(env, 'restore', '--from', backupFile!);
  expect(restored.stderr + restored.stdout).toContain('restored;');
  expect(restored.code).toBe(0);
  const db = createDb(migrated.url, { poolMax: 1 });
  try {
    // The same tickets as the drill's restore (the settings row the migration wrote gave way to the backup's).
    const tickets = (d: Db) => d('tickets').orderBy('id').select('id', 'number', 'title');
    expect(await tickets(db)).toEqual(await tickets(target!));
    expect(await tickets(db)).not.toEqual([]);
  } finally {
    await db.destroy();
  }
  const again = await tf(env, 'restore', '--from', backupFile!);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('refusing to restore into a database that holds data');
});
