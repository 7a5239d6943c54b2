import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import type { Ticket } from '../domain/ticket.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { connectLive, type LiveClient } from './support/live-client.js';
import { startTestStack } from './support/test-stack.js';

// A PostgreSQL restart ends the server's bus connection; events other processes send before it
// listens again never reach it. Its clients are told to reload once it does, and live events flow on.
// The test's own database, so ending "the" bus connection touches no other file's server.

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

it('tells subscribed clients to reload once the bus listens again after PostgreSQL ended it, and keeps them live', async () => {
  const isolated = await createIsolatedDatabase();
  cleanups.push(isolated.drop);
  const stack = await startTestStack({ databaseUrl: isolated.url });
  cleanups.push(stack.close);
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  cleanups.push(() => admin.end());
  const database = new URL(isolated.url).pathname.slice(1);
  const busListener = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query = 'LISTEN "ticketflow_io#/"'`,
      [database],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.pid;
  };

  const customer = await createKeyedUser(stack.db, 'customer');
  const agent = await createKeyedUser(stack.db, 'agent');
  const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: customer.auth,
    body: { title: 'Live through a database restart', description: 'Still watching' },
  });
  expect(created.status).toBe(201);
  const ticket = created.body as Ticket;
  const client: LiveClient = await connectLive(stack.baseUrl, { apiKey: customer.key });
  cleanups.push(() => client.close());
  expect(await client.subscribe(ticket.id)).toEqual({ ok: true });

  const before = await eventually(busListener);
  expect(client.resyncs).toBe(0);
  await admin.query('SELECT pg_terminate_backend($1)', [before]);
  await eventually(async () => expect(await busListener()).not.toBe(before));
  await eventually(async () => expect(client.resyncs).toBe(1));

  // The worker's next change reaches the same socket, without a reconnect.
  const patch = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
    method: 'PATCH',
    headers: agent.auth,
    body: { priority: 'urgent' },
  });
  expect(patch.status).toBe(200);
  await eventually(async () => expect(client.tickets.map((t) => t.priority)).toContain('urgent'));
  expect(client.socket.connected).toBe(true);
});
