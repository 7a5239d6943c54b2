import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type pg from 'pg';
import { Server } from 'socket.io';
import { afterEach, expect, inject, it } from 'vitest';
import { socketBus } from '../../domain/socket-events.js';
import { createPgPool } from '../../db/pg-pool.js';
import { eventually } from '../../tests/support/eventually.js';
import { createBusAdapter } from './postgres-bus-adapter.js';

// The bus's LISTEN connection against a real PostgreSQL: whatever happens to it, closing the
// server must give it back, or pool.end() (and so the server's shutdown) waits forever.

const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

/** A socket.io server on the bus over `pool`. */
function busServer(pool: pg.Pool, onListeningAgain?: () => void) {
  const http = createServer();
  const io = new Server(http, {
    adapter: createBusAdapter(pool, {
      ...socketBus,
      errorHandler: () => undefined,
      ...(onListeningAgain ? { onListeningAgain } : {}),
    }),
  });
  opened.push(() => new Promise((resolve) => http.close(() => resolve())));
  return io;
}

function newPool(applicationName: string) {
  return createPgPool(inject('databaseUrl'), { max: 2, applicationName, onError: () => undefined });
}

/** pool.end() within `ms`, or 'still waiting'. */
async function endWithin(pool: pg.Pool, ms: number): Promise<'ended' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  const result = await Promise.race([pool.end().then(() => 'ended' as const), waiting]);
  clearTimeout(timer);
  return result;
}

it('gives back a LISTEN connection still being set up when the server closes (stopped right after starting)', async () => {
  const pool = newPool(`bus-test-${randomUUID()}`);
  // Hold the adapter's LISTEN on the wire until the server has closed.
  let letListenThrough!: () => void;
  const held = new Promise<void>((resolve) => (letListenThrough = resolve));
  let listenSent = false;
  const slowToListen = {
    query: pool.query.bind(pool),
    async connect() {
      const connection = await pool.connect();
      const query = connection.query.bind(connection) as (text: string) => Promise<unknown>;
      connection.query = (async (text: string) => {
        if (String(text).startsWith('LISTEN')) {
          listenSent = true;
          await held;
        }
        return query(text);
      }) as typeof connection.query;
      return connection;
    },
  } as unknown as pg.Pool;

  const io = busServer(slowToListen);
  await eventually(async () => expect(listenSent).toBe(true));
  await io.close();
  letListenThrough();

  expect(await endWithin(pool, 5000)).toBe('ended');
});

it('keeps hearing other servers after PostgreSQL ended its LISTEN connection twice, says so each time, and still ends', async () => {
  const applicationName = `bus-test-${randomUUID()}`;
  const pool = newPool(applicationName); // two connections: each one lost for good would starve it
  const otherPool = newPool(`bus-test-${randomUUID()}`);
  const admin = newPool('bus-test-admin');
  opened.push(() => admin.end());
  const listener = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
      [applicationName],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.pid;
  };

  let listeningAgain = 0;
  const io = busServer(pool, () => listeningAgain++);
  const other = busServer(otherPool);
  const heard: string[] = [];
  io.on('hello', (text: string) => heard.push(text));
  for (let restart = 0; restart < 2; restart++) {
    const before = await eventually(listener);
    // The first LISTEN is not "again"; each one after a lost connection is, once.
    expect(listeningAgain).toBe(restart);
    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    // Upstream reconnects after about two seconds, on a new connection.
    await eventually(async () => expect(await listener()).not.toBe(before));
    await eventually(async () => expect(listeningAgain).toBe(restart + 1));
  }

  await eventually(async () => {
    other.serverSideEmit('hello', 'after two restarts');
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toContain('after two restarts');
  });
  expect(pool.totalCount - pool.idleCount).toBe(1); // the LISTEN connection, and no lost one
  await Promise.all([io.close(), other.close()]);
  expect(await endWithin(pool, 5000)).toBe('ended');
  expect(await endWithin(otherPool, 5000)).toBe('ended');
});
