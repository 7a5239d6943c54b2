import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db/connection.js';
import { createKeyedUser, type KeyedUser } from './support/fixtures.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

// SIGTERM (a deploy, a scale-down) under load: the server stops accepting, but every request it had
// accepted is answered in full. A client sees either a refused connection (it retries elsewhere) or
// its answer; never an accepted request cut off.

let db: Db;
let dataDir: string;
let server: ServerProcess;
// Production rate limits apply (30 creations a minute per caller): each client is a caller of its own.
let customers: KeyedUser[];

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { poolMax: 2 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-sigterm-'));
  customers = [];
  for (let n = 0; n < 5; n++) customers.push(await createKeyedUser(db, 'customer'));
  server = await startServerProcess({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    oidcIssuer: 'http://127.0.0.1:9/unused',
    dataDir,
  });
});
afterAll(async () => {
  await server?.stop();
  await db?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Outcome {
  /** Whether the TCP connection was established (the server accepted it). */
  connected: boolean;
  status?: number;
  error?: string;
  title: string;
  id?: number;
}

/** One ticket creation on a connection of its own; `holdBodyMs` sends the body late (a slow client). */
function createTicket(
  baseUrl: string,
  customer: KeyedUser,
  holdBodyMs = 0,
  onHeadersSent?: () => void,
): Promise<Outcome> {
  const title = `sigterm ${randomBytes(6).toString('hex')}`;
  const body = JSON.stringify({ title, description: 'Sent while the server is being stopped.' });
  return new Promise((resolve) => {
    const outcome: Outcome = { connected: false, title };
    const req = request(`${baseUrl}/api/tickets`, {
      method: 'POST',
      agent: false,
      headers: { ...customer.auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('socket', (socket) => socket.on('connect', () => (outcome.connected = true)));
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        outcome.status = res.statusCode;
        if (res.statusCode === 201) outcome.id = (JSON.parse(text) as { id: number }).id;
        resolve(outcome);
      });
      res.on('error', (error) => resolve({ ...outcome, error: error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ...outcome, error: error.code ?? error.message }));
    if (holdBodyMs === 0) req.end(body);
    else {
      req.write(body.slice(0, 10));
      req.flushHeaders();
      onHeadersSent?.();
      setTimeout(() => req.end(body.slice(10)), holdBodyMs);
    }
  });
}

it('finishes every accepted request after SIGTERM, and refuses only new connections', async () => {
  const outcomes: Outcome[] = [];
  const clients = customers.slice(0, 4).map(async (customer) => {
    for (;;) {
      const outcome = await createTicket(server.baseUrl, customer);
      outcomes.push(outcome);
      if (outcome.error && !outcome.connected) break; // the server no longer listens
      await new Promise((r) => setTimeout(r, 150));
    }
  });
  await new Promise((r) => setTimeout(r, 1500));

  // A slow client is mid-request (headers sent, body still coming) when SIGTERM arrives.
  let headersSent!: () => void;
  const slowStarted = new Promise<void>((r) => (headersSent = r));
  const slow = createTicket(server.baseUrl, customers[4]!, 1500, headersSent);
  await slowStarted;
  await new Promise((r) => setTimeout(r, 200));
  const exitCode = server.stop();
  const slowOutcome = await slow;
  await Promise.all(clients);
  expect(await exitCode).toBe(0);

  expect(slowOutcome).toMatchObject({ connected: true, status: 201 });
  // A connection the kernel completed while it still sat in the listen backlog, when the server
  // closed its listening socket, is reset without the server having read a byte: TCP cannot tell
  // the client otherwise. That is a refusal too, provided nothing of it was written.
  const inBacklog = outcomes.filter((o) => o.connected && o.status === undefined && o.error === 'ECONNRESET');
  expect(
    await db('tickets')
      .whereIn(
        'title',
        inBacklog.map((o) => o.title),
      )
      .pluck('title'),
  ).toEqual([]);
  const accepted = [...outcomes, slowOutcome].filter((o) => o.connected && !inBacklog.includes(o));
  expect(accepted.length).toBeGreaterThan(5);
  // Every accepted request got its whole answer, and it was a success.
  expect(accepted.filter((o) => o.status !== 201)).toEqual([]);
  // Those that were not accepted were refused at connect (a load balancer retries them elsewhere).
  expect(outcomes.filter((o) => !o.connected).every((o) => o.error === 'ECONNREFUSED')).toBe(true);
  const ids = accepted.map((o) => o.id!);
  expect(await db('tickets').whereIn('id', ids).count<{ count: number }[]>('* as count')).toEqual([
    { count: ids.length },
  ]);
});
