import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { createKeyedUser, type KeyedUser } from './support/fixtures.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// A CSV export of 100,000 rows is streamed from a database cursor: the first bytes reach the client
// while the query is still running, and a client that goes away ends the query.

const tickets = 100_000;
let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let stack: TestStack;
let manager: KeyedUser;

beforeAll(async () => {
  database = await createIsolatedDatabase();
  stack = await startTestStack({ databaseUrl: database.url, worker: false });
  manager = await createKeyedUser(stack.db, 'manager');
  const [team] = await stack.db('teams').insert({ name: 'Streamers' }).returning('id');
  await stack.db.raw(
    `insert into tickets (title, description, status, priority, channel, requester_id, team_id, created_at)
     select 'Ticket ' || g, 'Streaming test', 'open', (array['low','normal','high','urgent'])[1 + g % 4], 'api', ?, ?,
            timestamptz '2026-01-01 00:00Z' + g * interval '1 minute'
     from generate_series(1, ?) g`,
    [manager.user.id, team.id, tickets],
  );
  await stack.db.raw(
    `insert into ticket_events (ticket_id, source, type, after, created_at)
     select id, 'seed', 'first_response_met', '{}', created_at + interval '30 minutes' from tickets`,
  );
  await stack.db.raw('analyze');
});
afterAll(async () => {
  await stack?.close();
  await database?.drop();
});

const url = () => `${stack.baseUrl}/api/reports/response-times.csv?from=2025-12-31&to=2026-03-31`;

/** Starts the download and resolves with the response once its first bytes are in. */
function startDownload(): Promise<{ res: IncomingMessage; first: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url(), { headers: manager.auth }, (res) => {
      res.once('data', (first: Buffer) => {
        res.pause();
        resolve({ res, first });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const reportQueries = () =>
  stack.db
    .raw(
      `select state from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
         and query like '%report:response-times.csv%'`,
    )
    .then((r) => r.rows as { state: string }[]);

describe('the CSV export of 100,000 rows', () => {
  it('starts answering while the database query is still running, and ends with every row', async () => {
    const { res, first } = await startDownload();
    expect(res.statusCode).toBe(200);
    expect(first.toString('utf8')).toMatch(/^\uFEFFticket,team,priority/);
    // The first chunk is out and the client reads no more: the query is still open on its cursor.
    expect(await reportQueries()).toEqual([{ state: 'active' }]);
    let lines = first.toString('utf8').split('\r\n').length - 1;
    let bytes = first.length;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines += 1;
    });
    res.resume();
    await new Promise((resolve) => res.once('end', resolve));
    expect(lines).toBe(tickets + 1);
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    await eventually(async () => expect(await reportQueries()).toEqual([]));
  });

  it('stops the query when the client goes away half-way', async () => {
    const { res } = await startDownload();
    expect(await reportQueries()).toEqual([{ state: 'active' }]);
    res.destroy();
    await eventually(async () => expect(await reportQueries()).toEqual([]));
    // The connection went back to the pool: the next report works.
    const again = await fetch(url().replace('.csv', ''), { headers: manager.auth });
    expect(again.status).toBe(200);
    expect((await again.json()).firstResponse.overall.count).toBe(tickets);
  });
});
