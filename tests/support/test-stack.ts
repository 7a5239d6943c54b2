import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { startCaptureServer, type CaptureServer } from '../../dev/capture-server.js';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../dev/dev-idp.js';
import { createInAppPublisher } from '../../notify/in-app-publisher.js';
import { createMailer } from '../../notify/mailer.js';
import { createApp } from '../../server/app.js';
import type { AppSettings, AppTuning } from '../../server/app-settings.js';
import { createAttachmentStore } from '../../server/attachments/attachment-store.js';
import { createLiveServer } from '../../server/live/live-server.js';
import { defaultRateLimits } from '../../server/security/rate-limits.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../../workflows/client.js';
import { createTicketWorker } from '../../workflows/worker.js';

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
  /** The built portal to serve (e.g. a fresh `vite build` in a temporary directory); none by default. */
  portalDir?: string;
  /** How often socket.io checks its sockets' sign-ins again. */
  liveRecheckMs?: number;
}

// Test files share one database and run side by side: default limits would trip across them.
const roomyRateLimits = Object.fromEntries(Object.entries(defaultRateLimits).map(([name, limit]) => [name, { ...limit, limit: 100_000 }])) as typeof defaultRateLimits;

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
  const busPool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const logger = options.logger ?? pino({ level: 'silent' });
  const capture = await startCaptureServer({ port: 0 });
  const attachmentDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-attachments-'));
  const appSecretKey = randomBytes(32);
  const workflows = createTicketWorkflows(await connectTemporal({ address, namespace: 'default' }), { taskQueue });

  // The server listens before the app exists: the identity provider must know its callback URL.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'ticketflow-test', clientSecret: randomBytes(24).toString('base64url'), redirectUris: [`${baseUrl}/auth/callback`], postLogoutRedirectUris: [`${baseUrl}/`] };
  const idp = await startDevIdentityProvider({ port: 0, client, cookieSecret: randomBytes(24).toString('base64url') });

  let stopWorker = async () => {};
  if (options.worker !== false) {
    const { worker, connection } = await createTicketWorker({
      address,
      namespace: 'default',
      taskQueue,
      activities: {
        db,
        mailer: createMailer({ apiKey: 'SG.test', apiUrl: capture.url, from: 'TicketFlow <support@ticketflow.example>' }),
        publisher: createInAppPublisher(busPool),
        appSecretKey,
        publicUrl: baseUrl,
        autoCloseSeconds: options.autoCloseSeconds ?? 7 * 86_400,
      },
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
      await connection.close();
    };
  }

  const settings: AppSettings = {
    publicUrl: baseUrl,
    sessionSecret: randomBytes(48).toString('base64'),
    appSecretKey,
    trustProxy: ['loopback'],
    oidc: { issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret, rolesClaim: 'roles', roleMap: { admin: 'admin', manager: 'manager', agent: 'agent' } },
    temporalUi: { url: 'http://temporal-ui.test', namespace: 'default' },
  };
  const attachments = { store: createAttachmentStore(attachmentDir), maxBytes: options.attachmentMaxBytes ?? 10 * 1024 * 1024 };
  const tuning = { rateLimits: roomyRateLimits, ...options.tuning };
  // socket.io's bus gets its own pool, as a separate server process would.
  const livePool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const live = createLiveServer({ db, busPool: livePool, logger, settings, ...(tuning.sessionTimeouts ? { sessionTimeouts: tuning.sessionTimeouts } : {}), ...(options.liveRecheckMs ? { recheckEveryMs: options.liveRecheckMs } : {}) });
  const app = createApp({ db, workflows, logger, settings, attachments, tuning, live: live.events, ...(options.portalDir ? { portalDir: options.portalDir } : {}) });
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
    async close() {
      server.closeAllConnections();
      await live.close(); // its sockets, its bus listener, and the HTTP server
      await livePool.end();
      await idp.close();
      await stopWorker();
      await workflows.client.connection.close();
      await capture.close();
      await busPool.end();
      await db.destroy();
      await rm(attachmentDir, { recursive: true, force: true });
    },
  };
}
