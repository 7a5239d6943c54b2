import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { startCaptureServer, type CaptureServer } from '../../dev/capture-server.js';
import { createInAppPublisher } from '../../notify/in-app-publisher.js';
import { createMailer } from '../../notify/mailer.js';
import { createApp } from '../../server/app.js';
import { createAttachmentStore } from '../../server/attachments/attachment-store.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../../workflows/client.js';
import { createTicketWorker } from '../../workflows/worker.js';

/** A server and a worker wired like production, against the run's PostgreSQL and Temporal. */
export interface TestStack {
  baseUrl: string;
  db: Db;
  databaseUrl: string;
  workflows: TicketWorkflows;
  taskQueue: string;
  /** Stands in for SendGrid and Teams: what the worker sent lands here. */
  capture: CaptureServer;
  appSecretKey: Buffer;
  close(): Promise<void>;
}

/** Options for a test stack. */
export interface TestStackOptions {
  /** A database of the test's own (see createIsolatedDatabase); the run's shared one otherwise. */
  databaseUrl?: string;
  temporalAddress?: string;
  autoCloseSeconds?: number;
  /** Start without a worker (e.g. to run one in a child process). */
  worker?: boolean;
  /** The task queue; a fresh one per stack unless a test needs the production name. */
  taskQueue?: string;
  attachmentMaxBytes?: number;
}

/**
 * Starts the HTTP server and a ticket worker in this process. Each stack gets its own task
 * queue, so test files running side by side never pick up each other's workflow tasks.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const address = options.temporalAddress ?? inject('temporalAddress');
  const databaseUrl = options.databaseUrl ?? inject('databaseUrl');
  const taskQueue = options.taskQueue ?? `tickets-test-${randomUUID()}`;
  const db = createDb(databaseUrl, { poolMax: 5 });
  const busPool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const logger = pino({ level: 'silent' });
  const capture = await startCaptureServer({ port: 0 });
  const attachmentDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-attachments-'));
  const appSecretKey = randomBytes(32);
  const workflows = createTicketWorkflows(await connectTemporal({ address, namespace: 'default' }), { taskQueue });

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
        publicUrl: 'http://localhost:3000',
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

  const server: Server = createServer(createApp({ db, workflows, logger, attachments: { store: createAttachmentStore(attachmentDir), maxBytes: options.attachmentMaxBytes ?? 10 * 1024 * 1024 } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    databaseUrl,
    workflows,
    taskQueue,
    capture,
    appSecretKey,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopWorker();
      await workflows.client.connection.close();
      await capture.close();
      await busPool.end();
      await db.destroy();
      await rm(attachmentDir, { recursive: true, force: true });
    },
  };
}
