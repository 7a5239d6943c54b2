import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMailboxWorkflows } from '../../workflows/mailbox-client.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createIsolatedDatabase } from '../support/isolated-database.js';
import { renderFixture } from '../support/mail-fixtures.js';
import { createImapMailbox } from '../support/mail-stack.js';
import { projectRoot } from '../support/run-command.js';
import { startTestStack } from '../support/test-stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe('the production worker killed while a mailbox backlog imports', () => {
  it('imports every message exactly once after restart, and puts each away', async () => {
    const dovecot: Dovecot = await startDovecot();
    cleanups.push(() => dovecot.stop());
    const isolated = await createIsolatedDatabase();
    cleanups.push(isolated.drop);
    const stack = await startTestStack({ databaseUrl: isolated.url, worker: false, taskQueue: 'tickets' });
    cleanups.push(stack.close);
    // Workflow ids are mailbox-<id> in one namespace shared by the run: this database numbers its own.
    await stack.db.raw(
      `alter sequence mailboxes_id_seq restart with ${100_000 + Math.floor(Math.random() * 1_000_000)}`,
    );
    const inbox = await createImapMailbox(stack, dovecot, {
      afterImport: 'move',
      afterImportFolder: 'Processed',
      startPoller: false,
    });
    const backlog = Array.from({ length: 60 }, (_, n) =>
      renderFixture(['gmail-new', 'outlook-new', 'apple-new', 'thunderbird-new'][n % 4]!, {
        from: `backlog-${n}-${randomUUID().slice(0, 6)}@customer.test`,
        to: inbox.address,
        subject: `Backlog ${n}`,
        body: `message ${n}`,
      }),
    );
    await dovecot.append(inbox.address, inbox.password, 'INBOX', backlog);

    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: isolated.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      APP_SECRET_KEY: stack.appSecretKey.toString('base64'),
      SENDGRID_API_KEY: 'SG.test',
      SENDGRID_API_URL: stack.capture.url,
      PUBLIC_URL: 'http://localhost:3000',
      OUTBOUND_ALLOW_HOSTS: `${dovecot.host}:${dovecot.port}`,
      DATA_DIR: `/tmp/ticketflow-mail-kill-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
    };
    const startWorker = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'workflows/worker-process.ts'], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    let worker = startWorker();
    cleanups.push(async () => worker.kill('SIGKILL'));
    // The production worker starts the poller of every active IMAP mailbox by itself; this wakes it sooner.
    await createMailboxWorkflows(stack.workflows.client).mailboxChanged(inbox.mailbox.id);
    const imported = () => stack.db('mail_imports').where({ mailbox_id: inbox.mailbox.id });
    await eventually(async () => expect((await imported()).length).toBeGreaterThanOrEqual(5), 60_000, 20);
    worker.kill('SIGKILL');
    const atKill = (await imported()).length;
    expect(atKill).toBeLessThan(60);

    worker = startWorker();
    await eventually(async () => expect(await imported()).toHaveLength(60), 120_000);
    const rows = await imported();
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(60);
    expect(rows.every((r) => r.outcome === 'ticket_created')).toBe(true);
    const tickets = await stack.db('tickets').where({ channel: 'email' }).pluck('title');
    // (Thunderbird's subject carries a Japanese prefix before the number.)
    expect(tickets.map((t) => t.replace(/^.*(Backlog \d+)$/, '$1')).sort()).toEqual(
      Array.from({ length: 60 }, (_, n) => `Backlog ${n}`).sort(),
    );
    const client = await dovecot.client(inbox.address, inbox.password);
    try {
      await eventually(async () => {
        expect(((await client.status('INBOX', { messages: true })) || { messages: -1 }).messages).toBe(0);
        expect(((await client.status('Processed', { messages: true })) || { messages: -1 }).messages).toBe(60);
      }, 60_000);
    } finally {
      await client.logout();
    }
  }, 240_000);
});
