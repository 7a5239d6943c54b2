import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { createPgPool } from '../../db/pg-pool.js';
import { startCaptureServer, type CaptureServer } from '../../dev/capture-server.js';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../dev/dev-idp.js';
import { createInAppPublisher } from '../../notify/in-app-publisher.js';
import { createMailer } from '../../notify/mailer.js';
import { createOutboundHttp } from '../../notify/outbound-http.js';
import type { WebhookSettings } from '../../workflows/activities/deliver-webhook.js';
import { createApp } from '../../server/app.js';
import type { AppSettings, AppTuning } from '../../server/app-settings.js';
import { createAttachmentStore } from '../../tickets/files/attachment-store.js';
import { createPostgresAttachmentStore } from '../../tickets/files/postgres-attachment-store.js';
import { createLiveServer } from '../../server/live/live-server.js';
import { defaultRateLimits } from '../../server/security/rate-limits.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../../workflows/client.js';
import { createTicketWorker } from '../../workflows/worker.js';
import type { DNSResolver } from 'mailauth';
import { createMailChannel, type MailChannel } from '../../mail/mail-channel.js';
import type { MailPolicy } from '../../mail/mail-policy.js';
import { createMailboxWorkflows, type MailboxWorkflows } from '../../workflows/mailbox-client.js';
import { createMailboxWorker } from '../../workflows/mailbox-worker.js';

/** A server, a worker, the dev identity provider and a capture server wired like production. */
export interface TestStack {
  baseUrl: string;
  db: Db;
  databaseUrl: string;
  workflows: TicketWorkflows;
  taskQueue: string;
  idp: DevIdentityProvider;
  app: Express;
  settings: AppSettings;
  /** Stands in for SendGrid and Teams: what the worker sent lands here. */
  capture: CaptureServer;
  appSecretKey: Buffer;
  /** The e-mail channel (intake, IMAP sync, outbound ticket mail) as the worker runs it. */
  mail: MailChannel;
  /** Starts and wakes mailbox pollers on this stack's own mailbox task queue. */
  mailboxes: MailboxWorkflows;
  close(): Promise<void>;
}

/** How a test wants its stack. */
export interface TestStackOptions {
  /** Session timeouts and rate limits; by default rate limits are high enough never to interfere. */
  tuning?: Partial<AppTuning>;
  /** Where the server logs (silent by default). */
  logger?: Logger;
  /** A database of the test's own (see createIsolatedDatabase); the run's shared one otherwise. */
  databaseUrl?: string;
  temporalAddress?: string;
  autoCloseSeconds?: number;
  /** Start without a worker (e.g. to run one in a child process). */
  worker?: boolean;
  /** The task queue; a fresh one per stack unless a test needs the production name. */
  taskQueue?: string;
  attachmentMaxBytes?: number;
  /** The directory of the filesystem attachment store (like DATA_DIR/attachments); a temporary one by default. */
  attachmentDir?: string;
  /** Where uploads go (ATTACHMENT_STORE): a temporary directory by default, or PostgreSQL. */
  attachmentStore?: 'filesystem' | 'postgres';
  /** The built portal to serve (e.g. a fresh `vite build` in a temporary directory); none by default. */
  portalDir?: string;
  /** How often socket.io checks its sockets' sign-ins again. */
  liveRecheckMs?: number;
  /**
   * TEMPORAL_REQUEST_TIMEOUT_MS of the server's workflow door: 10 s here, so a busy machine running
   * many test files at once does not turn a slow update into a 503; tests of fail-over set the
   * production default (2 s) themselves.
   */
  temporalRequestTimeoutMs?: number;
  /** Outbound webhooks' retry and disabling (short in tests); a day of retries by default. */
  webhooks?: WebhookSettings;
  /** More `host:port`s outbound HTTP may reach (a test's own webhook receiver), beside the capture server. */
  outboundAllowHosts?: string[];
  /** The mail channel's DNS (for SPF/DKIM/DMARC), limits and allowed private hosts (a local IMAP/SMTP server). */
  mail?: { dnsResolver?: DNSResolver; policy?: Partial<MailPolicy>; allowHosts?: string[]; insecureTls?: boolean };
}

// Test files share one database and run side by side: default limits would trip across them.
const roomyRateLimits = Object.fromEntries(
  Object.entries(defaultRateLimits).map(([name, limit]) => [name, { ...limit, limit: 100_000 }]),
) as typeof defaultRateLimits;

/**
 * One step of closing a stack. A step still running after a minute is named on stderr (and again
 * each minute): a teardown that hangs then says where, instead of only that the hook timed out.
 */
async function closeStep(name: string, step: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  const watchdog = setInterval(() => {
    process.stderr.write(
      `[test-stack] closing: "${name}" still running after ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  }, 60_000);
  try {
    await step();
  } finally {
    clearInterval(watchdog);
  }
}

/**
 * Starts the HTTP server, a ticket worker, a dev identity provider and a capture server in this
 * process, each on a free port. Each stack gets its own task queue, so test files running side by
 * side never pick up each other's workflow tasks.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const address = options.temporalAddress ?? inject('temporalAddress');
  const databaseUrl = options.databaseUrl ?? inject('databaseUrl');
  const taskQueue = options.taskQueue ?? `tickets-test-${randomUUID()}`;
  const db = createDb(databaseUrl, { poolMax: 5 });
  const busPool = createPgPool(databaseUrl, {
    max: 2,
    applicationName: 'ticketflow-test-bus',
    onError: () => undefined,
  });
  const logger = options.logger ?? pino({ level: 'silent' });
  const capture = await startCaptureServer({ port: 0 });
  const attachmentDir = options.attachmentDir ?? (await mkdtemp(path.join(tmpdir(), 'ticketflow-attachments-')));
  const appSecretKey = randomBytes(32);
  const workflows = createTicketWorkflows(await connectTemporal({ address, namespace: 'default' }), {
    taskQueue,
    requestTimeoutMs: options.temporalRequestTimeoutMs ?? 10_000,
  });
  const attachments = {
    store:
      options.attachmentStore === 'postgres' ? createPostgresAttachmentStore(db) : createAttachmentStore(attachmentDir),
    maxBytes: options.attachmentMaxBytes ?? 10 * 1024 * 1024,
  };
  const mailboxTaskQueue = `mailboxes-test-${randomUUID()}`;
  const mailboxes = createMailboxWorkflows(workflows.client, { taskQueue: mailboxTaskQueue });
  const mailer = createMailer({
    apiKey: 'SG.test',
    apiUrl: capture.url,
    from: 'TicketFlow <support@ticketflow.example>',
  });
  const mail = createMailChannel({
    db,
    workflows,
    logger,
    appSecretKey,
    attachments,
    sendgrid: mailer,
    defaultFrom: 'TicketFlow <support@ticketflow.example>',
    allowHosts: options.mail?.allowHosts ?? [],
    insecureTls: options.mail?.insecureTls ?? false,
    // No DNS on test machines: a resolver that knows nothing gives quick "none"/"temperror" verdicts.
    dnsResolver:
      options.mail?.dnsResolver ??
      (async (domain: string) => {
        throw Object.assign(new Error(`no DNS in tests: ${domain}`), { code: 'ENOTFOUND' });
      }),
    ...(options.mail?.policy ? { policy: options.mail.policy } : {}),
  });

  // The server listens before the app exists: the identity provider must know its callback URL.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = {
    clientId: 'ticketflow-test',
    clientSecret: randomBytes(24).toString('base64url'),
    redirectUris: [`${baseUrl}/auth/callback`],
    postLogoutRedirectUris: [`${baseUrl}/`],
  };
  const idp = await startDevIdentityProvider({ port: 0, client, cookieSecret: randomBytes(24).toString('base64url') });

  let stopWorker = async () => {};
  if (options.worker !== false) {
    const { worker, connection } = await createTicketWorker({
      address,
      namespace: 'default',
      taskQueue,
      activities: {
        db,
        mailer,
        publisher: createInAppPublisher(busPool),
        appSecretKey,
        publicUrl: baseUrl,
        autoCloseSeconds: options.autoCloseSeconds ?? 7 * 86_400,
        // As `npm start` does: webhooks may reach the capture server and nothing else inside.
        outboundHttp: createOutboundHttp({
          allowHosts: [new URL(capture.url).host, ...(options.outboundAllowHosts ?? [])],
        }),
        ticketMail: mail.ticketMail,
        ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      },
    });
    const mailboxWorker = await createMailboxWorker({
      address,
      namespace: 'default',
      taskQueue: mailboxTaskQueue,
      sync: mail.imap,
    });
    const running = Promise.all([worker.run(), mailboxWorker.worker.run()]);
    stopWorker = async () => {
      worker.shutdown();
      mailboxWorker.worker.shutdown();
      await closeStep('ticket and mailbox workers (run() settling)', () => running);
      await closeStep('IMAP connections', () => mail.imap.close());
      await closeStep('worker connections', async () => {
        await connection.close();
        await mailboxWorker.connection.close();
      });
    };
  }

  const settings: AppSettings = {
    publicUrl: baseUrl,
    sessionSecret: randomBytes(48).toString('base64'),
    appSecretKey,
    trustProxy: ['loopback'],
    oidc: {
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      rolesClaim: 'roles',
      roleMap: { admin: 'admin', manager: 'manager', agent: 'agent' },
    },
    temporalUi: { url: 'http://temporal-ui.test', namespace: 'default' },
    // As `npm start` does: outbound calls may reach the capture server (and a test's own mail servers).
    outboundAllowHosts: [
      new URL(capture.url).host,
      ...(options.mail?.allowHosts ?? []),
      ...(options.outboundAllowHosts ?? []),
    ],
  };
  const tuning = { rateLimits: roomyRateLimits, ...options.tuning };
  // socket.io's bus gets its own pool, as a separate server process would.
  const livePool = createPgPool(databaseUrl, {
    max: 3,
    applicationName: 'ticketflow-test-bus',
    onError: () => undefined,
  });
  const live = createLiveServer({
    db,
    busPool: livePool,
    logger,
    settings,
    ...(tuning.sessionTimeouts ? { sessionTimeouts: tuning.sessionTimeouts } : {}),
    ...(options.liveRecheckMs ? { recheckEveryMs: options.liveRecheckMs } : {}),
  });
  const app = createApp({
    db,
    workflows,
    logger,
    settings,
    attachments,
    tuning,
    live: live.events,
    mail: mail.importer,
    mailboxes,
    ...(options.portalDir ? { portalDir: options.portalDir } : {}),
  });
  server.on('request', app);
  live.attach(server);

  return {
    baseUrl,
    db,
    databaseUrl,
    workflows,
    taskQueue,
    idp,
    app,
    settings,
    capture,
    appSecretKey,
    mail,
    mailboxes,
    async close() {
      server.closeAllConnections();
      await closeStep('live server', () => live.close()); // its sockets, its bus listener, and the HTTP server
      await closeStep('live bus pool', () => livePool.end());
      await closeStep('identity provider', () => idp.close());
      await stopWorker();
      await closeStep('Temporal client', () => workflows.close());
      await closeStep('capture server', () => capture.close());
      await closeStep('publisher pool', () => busPool.end());
      await closeStep('database pool', () => db.destroy());
      if (!options.attachmentDir) await rm(attachmentDir, { recursive: true, force: true });
    },
  };
}
