import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { startCaptureServer } from '../dev/capture-server.js';
import { insertMailbox } from '../db/mailboxes.js';
import { sealSecret, lastFour } from '../db/secret-box.js';
import { insertTicketWithOutbox } from '../db/tickets.js';
import { markOutboxProcessed } from '../db/outbox.js';
import { parseInboundMail } from '../mail/parse-inbound-mail.js';
import { startDovecot } from '../tests/support/dovecot.js';
import { renderFixture } from '../tests/support/mail-fixtures.js';
import { benchCustomer, onlyPolicy } from './bench-world.js';
import type { BenchStack } from './local-stack.js';
import { startStackProcess } from './stack-process.js';

const shapes = ['gmail-new', 'outlook-new', 'apple-new', 'thunderbird-new'];

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Mail import: a backlog of `count` client-shaped messages in a real IMAP server (dovecot), taken
 * in by the production worker process (polling workflow → import activity → ticket + workflow
 * start), beside the raw ceiling measured in the same run (parse + insert the ticket, nothing
 * else). The worker is SIGKILLed once half-way; the run then checks that nothing was duplicated.
 */
export async function benchMailImport(stack: BenchStack, options: { count: number }): Promise<string[]> {
  const { db } = stack;
  const dovecot = await startDovecot();
  const capture = await startCaptureServer({ port: 0 });
  await onlyPolicy(db, 30 * 86_400);
  const requesterId = await benchCustomer(db);
  const messages = Array.from({ length: options.count }, (_, n) =>
    renderFixture(shapes[n % shapes.length]!, {
      from: `sender-${n}-${randomUUID().slice(0, 6)}@customer.bench`,
      to: 'support@bench.test',
      subject: `Backlog ${n}`,
      body: `Message number ${n}, with a few words of text so the body is not empty.`,
    }),
  );

  // The ceiling: parse and insert alone, in this process, no IMAP, no idempotency record, no workflow.
  const ceilingStart = performance.now();
  for (const raw of messages) {
    const mail = await parseInboundMail(raw);
    const { outbox } = await insertTicketWithOutbox(
      db,
      { title: mail.subject, description: mail.text, priority: 'normal', requesterId, channel: 'email' },
      { actorId: requesterId, source: 'email' },
    );
    // Never started: the ceiling measures parse + insert only.
    await markOutboxProcessed(db, outbox.id);
  }
  const ceilingSeconds = (performance.now() - ceilingStart) / 1000;

  const address = `support-${randomUUID().slice(0, 6)}@bench.test`;
  await dovecot.append(address, dovecot.password, 'Processed', []);
  await dovecot.append(address, dovecot.password, 'INBOX', messages);
  const appSecretKey = randomBytes(32);
  const mailbox = await insertMailbox(db, {
    address,
    teamId: null,
    inboundKind: 'imap',
    inboundToken: randomBytes(24).toString('base64url'),
    imap: {
      host: dovecot.host,
      port: dovecot.port,
      security: 'none',
      user: address,
      passwordSealed: sealSecret(appSecretKey, dovecot.password),
      passwordLast4: lastFour(dovecot.password),
      afterImport: 'move',
      afterImportFolder: 'Processed',
      pollIntervalSeconds: 5,
    },
  });
  const env = {
    APP_SECRET_KEY: appSecretKey.toString('base64'),
    SENDGRID_API_KEY: 'SG.bench',
    SENDGRID_API_URL: capture.url,
    PUBLIC_URL: 'http://localhost:3000',
    OUTBOUND_ALLOW_HOSTS: `${dovecot.host}:${dovecot.port}`,
  };
  const imported = async () =>
    Number((await db('mail_imports').where({ mailbox_id: mailbox.id }).count('* as n').first())?.n ?? 0);
  const started = async () =>
    Number(
      (
        await db('ticket_events as e')
          .join('mail_imports as i', 'i.ticket_id', 'e.ticket_id')
          .where({ 'i.mailbox_id': mailbox.id, 'e.type': 'sla_planned' })
          .countDistinct('e.ticket_id as n')
          .first()
      )?.n ?? 0,
    );

  let worker: ChildProcess = startStackProcess(stack, 'workflows/worker-process.ts', env);
  try {
    await waitFor(async () => (await imported()) > 0, 120_000, 'the first import');
    const firstAt = performance.now();
    const half = Math.floor(options.count / 2);
    await waitFor(async () => (await imported()) >= half, 600_000, 'half the backlog');
    const halfSeconds = (performance.now() - firstAt) / 1000;
    const atHalf = await imported();
    worker.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    worker = startStackProcess(stack, 'workflows/worker-process.ts', env);
    await waitFor(async () => (await imported()) >= options.count, 900_000, 'the whole backlog');
    await waitFor(async () => (await started()) >= options.count, 900_000, 'every ticket workflow');
    const totalSeconds = (performance.now() - firstAt) / 1000;
    const rows = await db('mail_imports')
      .where({ mailbox_id: mailbox.id })
      .select('dedupe_key', 'ticket_id', 'outcome');
    const tickets = new Set(rows.map((r) => r.ticket_id)).size;
    const distinct = new Set(rows.map((r) => r.dedupe_key)).size;
    const duplicates = rows.length - distinct + (rows.length - tickets);
    const perSecondFirstHalf = atHalf / halfSeconds;
    const ceiling = options.count / ceilingSeconds;
    return [
      `mail import (${options.count} client-shaped messages in dovecot; production worker; SIGKILLed once at ${atHalf})`,
      `  raw ceiling (parse + insert, same machine, same run)   ${ceiling.toFixed(1)} msg/s`,
      `  IMAP → ticket, until the kill                           ${perSecondFirstHalf.toFixed(1)} msg/s  (${((perSecondFirstHalf / ceiling) * 100).toFixed(0)}% of the ceiling)`,
      `  whole backlog incl. kill, restart and every workflow started  ${totalSeconds.toFixed(1)} s → ${(options.count / totalSeconds).toFixed(1)} msg/s`,
      `  imports ${rows.length}, distinct messages ${distinct}, tickets ${tickets}, duplicates ${duplicates}${duplicates === 0 && rows.length === options.count ? ' ✓' : ' ✗'}`,
    ];
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    worker.kill('SIGKILL');
    await capture.close();
    await dovecot.stop();
  }
}
