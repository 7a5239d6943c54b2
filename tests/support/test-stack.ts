import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { startDevIdentityProvider, type DevIdentityProvider } from '../../dev/dev-idp.js';
import { createApp } from '../../server/app.js';
import type { AppSettings, AppTuning } from '../../server/app-settings.js';
import { defaultRateLimits } from '../../server/security/rate-limits.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../../workflows/client.js';
import { createTicketWorker } from '../../workflows/worker.js';

/** A server, a worker and the dev identity provider wired like production, against the run's PostgreSQL and Temporal. */
export interface TestStack {
  baseUrl: string;
  db: Db;
  workflows: TicketWorkflows;
  taskQueue: string;
  idp: DevIdentityProvider;
  app: Express;
  settings: AppSettings;
  close(): Promise<void>;
}

/** How a test wants its stack. */
export interface TestStackOptions {
  /** Session timeouts and rate limits; by default rate limits are high enough never to interfere. */
  tuning?: Partial<AppTuning>;
  /** Where the server logs (silent by default). */
  logger?: Logger;
}

// Test files share one database and run side by side: default limits would trip across them.
const roomyRateLimits = Object.fromEntries(Object.entries(defaultRateLimits).map(([name, limit]) => [name, { ...limit, limit: 100_000 }])) as typeof defaultRateLimits;

/**
 * Starts the HTTP server, a ticket worker and a dev identity provider in this process, each on a
 * free port. Each stack gets its own task queue, so test files running side by side never pick up
 * each other's workflow tasks.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const address = inject('temporalAddress');
  const taskQueue = `tickets-test-${randomUUID()}`;
  const db = createDb(inject('databaseUrl'), { poolMax: 5 });
  const logger = options.logger ?? pino({ level: 'silent' });
  const workflows = createTicketWorkflows(await connectTemporal({ address, namespace: 'default' }), { taskQueue });
  const { worker, connection } = await createTicketWorker({ address, namespace: 'default', db, taskQueue });
  const running = worker.run();

  // The server listens before the app exists: the identity provider must know its callback URL.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'ticketflow-test', clientSecret: randomBytes(24).toString('base64url'), redirectUris: [`${baseUrl}/auth/callback`], postLogoutRedirectUris: [`${baseUrl}/`] };
  const idp = await startDevIdentityProvider({ port: 0, client, cookieSecret: randomBytes(24).toString('base64url') });
  const settings: AppSettings = {
    publicUrl: baseUrl,
    sessionSecret: randomBytes(48).toString('base64'),
    trustProxy: ['loopback'],
    oidc: { issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret, rolesClaim: 'roles', roleMap: { admin: 'admin', manager: 'manager', agent: 'agent' } },
  };
  const app = createApp({ db, workflows, logger, settings, tuning: { rateLimits: roomyRateLimits, ...options.tuning } });
  server.on('request', app);

  return {
    baseUrl,
    db,
    workflows,
    taskQueue,
    idp,
    app,
    settings,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.close();
      worker.shutdown();
      await running;
      await connection.close();
      await workflows.client.connection.close();
      await db.destroy();
    },
  };
}
