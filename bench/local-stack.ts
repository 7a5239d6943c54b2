import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createInAppPublisher } from '../notify/in-app-publisher.js';
import { createDb, type Db } from '../db/connection.js';
import { createPgPool } from '../db/pg-pool.js';
import { migrateToLatest } from '../db/migrator.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { startTemporalDevServer } from '../dev/temporal-dev-server.js';
import { createApp } from '../server/app.js';
import { createAttachmentStore } from '../tickets/files/attachment-store.js';
import { defaultRateLimits } from '../server/security/rate-limits.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../workflows/client.js';
import { createTicketWorker } from '../workflows/worker.js';

/** A throwaway PostgreSQL, Temporal dev server, worker and HTTP server for one benchmark run. */
export interface BenchStack {
  baseUrl: string;
  temporalAddress: string;
  /** The temporal CLI binary the dev server runs from. */
  temporalCli: string;
  databaseUrl: string;
  db: Db;
  workflows: TicketWorkflows;
  /** Signs the session cookies of benchmarks that act as a signed-in user. */
  sessionSecret: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Starts everything on free ports in a temporary directory; `worker: false` leaves the task queue to a worker process of the benchmark's own. */
export async function startBenchStack(options: { worker?: boolean } = {}): Promise<BenchStack> {
  if (!runtimeInstalled) Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
  let closing = false;
  const dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-bench-'));
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true }),
    startTemporalDevServer({
      logFile: path.join(dir, 'temporal.log'),
      uiPort: false,
      searchPath: process.env.PATH,
      configuredPath: process.env.TEMPORAL_CLI_PATH,
    }),
  ]);
  const db = createDb(postgres.url, { poolMax: 20 });
  await migrateToLatest(db);
  const workflows = createTicketWorkflows(await connectTemporal({ address: temporal.address, namespace: 'default' }), {
    requestTimeoutMs: 10_000,
  });
  // An idle client of a pool with no `error` listener takes the process down when PostgreSQL
  // closes its connection (57P01 as the bench's database stops, or a restart mid-run).
  const busPool = createPgPool(postgres.url, {
    max: 2,
    applicationName: 'ticketflow-bench-bus',
    onError: (error) => {
      if (!closing) process.stderr.write(`bench: idle PostgreSQL connection lost: ${error.message}\n`);
    },
  });
  let stopWorker = async () => {};
  if (options.worker !== false) {
    const { worker, connection } = await createTicketWorker({
      address: temporal.address,
      namespace: 'default',
      activities: {
        db,
        mailer: null,
        publisher: createInAppPublisher(busPool),
        appSecretKey: null,
        publicUrl: 'http://localhost:3000',
        autoCloseSeconds: 7 * 86_400,
      },
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
      await connection.close();
    };
  }
  // No one signs in during a benchmark (the issuer is never contacted), and limits would skew it.
  const settings = {
    publicUrl: 'http://127.0.0.1',
    sessionSecret: randomBytes(48).toString('base64'),
    appSecretKey: randomBytes(32),
    trustProxy: ['loopback'],
    oidc: { issuer: 'http://127.0.0.1:9', clientId: 'bench', clientSecret: 'bench', rolesClaim: 'roles', roleMap: {} },
  };
  // Never reached, and within PostgreSQL's integer: the counters live in the database (rate_limit_hit).
  const rateLimits = Object.fromEntries(
    Object.entries(defaultRateLimits).map(([name, limit]) => [name, { ...limit, limit: 2 ** 31 - 1 }]),
  ) as typeof defaultRateLimits;
  const attachments = { store: createAttachmentStore(path.join(dir, 'attachments')), maxBytes: 10 * 1024 * 1024 };
  const server: Server = createServer(
    createApp({ db, workflows, logger: pino({ level: 'silent' }), settings, attachments, tuning: { rateLimits } }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    temporalAddress: temporal.address,
    temporalCli: temporal.binary,
    databaseUrl: postgres.url,
    db,
    workflows,
    sessionSecret: settings.sessionSecret,
    async close() {
      closing = true;
      server.closeAllConnections();
      server.close();
      await stopWorker();
      await workflows.close();
      await db.destroy();
      await busPool.end();
      await Promise.all([temporal.stop(), postgres.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
