import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { ImapMailboxSync, MailboxPoll } from '../../mail/imap-mailbox-sync.js';
import { mailboxChangedSignal, type mailboxPoller } from '../../workflows/mailbox-poller.workflow.js';
import { createMailboxWorker } from '../../workflows/mailbox-worker.js';
import { eventually } from '../support/eventually.js';

// The poller's real workflow and activities on the test's Temporal server, over an IMAP sync whose
// answers the test scripts: a mailbox is reactivated while a poll is reading it as inactive. The
// reactivation's signal lands in the same workflow task as that poll's answer; the poller must poll
// again, not end with the signal unanswered (which left an active mailbox unread until the worker's
// next reconciliation).
const taskQueue = `mailbox-race-${randomUUID()}`;
let worker: Worker;
let connection: NativeConnection;
let running: Promise<void>;
let client: Client;

let active = false;
const polls: boolean[] = [];
let releaseFirstPoll: () => void = () => {};
const firstPollHeld = new Promise<void>((resolve) => (releaseFirstPoll = resolve));
let firstPollStarted: () => void = () => {};
const firstPollBegan = new Promise<void>((resolve) => (firstPollStarted = resolve));

const sync: ImapMailboxSync = {
  async listNew(): Promise<MailboxPoll> {
    const seen = active;
    polls.push(seen);
    if (polls.length === 1) {
      firstPollStarted();
      await firstPollHeld; // answers "inactive", as read before the reactivation
    }
    return { active: seen, pollIntervalSeconds: 3600, uidValidity: '1', uids: [], error: null };
  },
  async importOne() {
    return 'nothing to import';
  },
  async close() {},
};

beforeAll(async () => {
  ({ worker, connection } = await createMailboxWorker({
    address: inject('temporalAddress'),
    namespace: 'default',
    sync,
    taskQueue,
  }));
  running = worker.run();
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await client?.connection.close();
});

it('a mailbox reactivated while a poll reads it as inactive is polled again, not left unread', async () => {
  const handle = await client.workflow.start<typeof mailboxPoller>('mailboxPoller', {
    workflowId: `mailbox-race-${randomUUID()}`,
    taskQueue,
    args: [{ mailboxId: 1 }],
  });
  await firstPollBegan;
  active = true;
  await handle.signal(mailboxChangedSignal);
  // The signal is in the history before the poll answers.
  await eventually(async () =>
    expect((await handle.fetchHistory()).events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(true),
  );
  releaseFirstPoll();

  await eventually(async () => expect(polls).toEqual([false, true]));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  await handle.terminate('test over');
});
