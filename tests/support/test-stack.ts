import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/connection.js';
import { createApp } from '../../server/app.js';
import { connectTemporal, createTicketWorkflows, type TicketWorkflows } from '../../workflows/client.js';
import { createTicketWorker } from '../../workflows/worker.js';

/** A server and a worker wired like production, against the run's PostgreSQL and Temporal. */
export interface TestStack {
  baseUrl: string;
  db: Db;
  workflows: TicketWorkflows;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server and a ticket worker in this process. Each stack gets its own task
 * queue, so test files running side by side never pick up each other's workflow tasks.
 */
export async function startTestStack(): Promise<TestStack> {
  const address = inject('temporalAddress');
  const taskQueue = `tickets-test-${randomUUID()}`;
  const db = createDb(inject('databaseUrl'), { poolMax: 5 });
  const logger = pino({ level: 'silent' });
  const workflows = createTicketWorkflows(await connectTemporal({ address, namespace: 'default' }), { taskQueue });
  const { worker, connection } = await createTicketWorker({ address, namespace: 'default', db, taskQueue });
  const running = worker.run();

  const server: Server = createServer(createApp({ db, workflows, logger }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    workflows,
    taskQueue,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await connection.close();
      await workflows.client.connection.close();
      await db.destroy();
    },
  };
}
