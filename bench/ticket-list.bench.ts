import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey } from '../db/api-keys.js';
import type { Db } from '../db/connection.js';
import { listTickets, type TicketScope } from '../db/ticket-listing.js';
import { listTicketsQuery } from '../domain/ticket-schemas.js';
import { findFreePort } from '../dev/ports.js';
import type { BenchStack } from './local-stack.js';
import { startStackProcess } from './stack-process.js';
import { latencySummary, runConcurrently } from './stats.js';
import autocannon from 'autocannon';

/** Fills the database with `count` tickets spread over 1,000 customers, 10 organizations and 2 teams. */
async function seedTickets(db: Db, count: number): Promise<{ customerId: number; teamId: number; staffId: number }> {
  await db.raw(
    `insert into organizations (name, shares_tickets) select 'Bench org ' || g, g % 2 = 0 from generate_series(1, 10) g`,
  );
  await db.raw(`insert into users (email, name, role, organization_id)
    select 'customer' || g || '@bench.example', 'Customer ' || g, 'customer', (select id from organizations where name = 'Bench org ' || (1 + g % 10))
    from generate_series(1, 1000) g`);
  await db.raw(
    `insert into users (email, name, role) select 'agent' || g || '@bench.example', 'Agent ' || g, 'agent' from generate_series(1, 10) g`,
  );
  await db.raw(`insert into teams (name) values ('Bench support'), ('Bench billing')`);
  // Random but repeatable: fields drawn independently, so no filter combination is empty by accident.
  await db.raw('select setseed(0.42)');
  await db.raw(
    `insert into tickets (title, description, status, priority, requester_id, organization_id, team_id, assignee_id, channel, created_at, updated_at)
     select 'Ticket ' || g || (array[' printer on fire', ' invoice charged twice', ' cannot log in', ' VPN drops'])[1 + floor(random() * 4)::int],
            'Customer report number ' || g || ' with details about printers, invoices, passwords and networks',
            (array['new','open','pending','on_hold','resolved','closed'])[1 + floor(random() * 6)::int],
            (array['low','normal','high','urgent'])[1 + floor(random() * 4)::int],
            c.id, c.organization_id,
            (array[(select min(id) from teams), (select max(id) from teams)])[1 + floor(random() * 2)::int],
            a.id, 'api', now() - (g || ' seconds')::interval, now()
     from generate_series(1, ?) g
     join lateral (select id, organization_id from users where email = 'customer' || (1 + (g::bigint * 7919) % 1000) || '@bench.example') c on true
     join lateral (select id from users where email = 'agent' || (1 + (g::bigint * 104729) % 10) || '@bench.example') a on true`,
    [count],
  );
  await db.raw('analyze');
  const customer = await db('users').where({ email: 'customer7@bench.example' }).first('id');
  const team = await db('teams').where({ name: 'Bench support' }).first('id');
  const staff = await db('users').where({ email: 'agent1@bench.example' }).first('id');
  return { customerId: customer.id, teamId: team.id, staffId: staff.id };
}

async function startServerProcess(stack: BenchStack, port: number, dataDir: string) {
  const server = startStackProcess(stack, 'server/main.ts', {
    SESSION_SECRET: randomBytes(48).toString('base64'),
    OIDC_ISSUER: 'http://localhost:9',
    OIDC_CLIENT_ID: 'bench',
    OIDC_CLIENT_SECRET: 'bench',
    PUBLIC_URL: `http://localhost:${port}`,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error('the benchmark server did not start');
}

/**
 * `GET /api/tickets` with `count` tickets in the database, at 50 concurrent connections against the
 * production server process, beside the same query's time measured directly in the same run.
 */
export async function benchTicketList(
  stack: BenchStack,
  options: { count: number; requests: number },
): Promise<string[]> {
  const seedStarted = performance.now();
  const { customerId, teamId, staffId } = await seedTickets(stack.db, options.count);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const customerKey = (await createApiKey(stack.db, { userId: customerId, name: 'bench' })).key;
  const staffKey = (await createApiKey(stack.db, { userId: staffId, name: 'bench' })).key;
  const customer = await stack.db('users').where({ id: customerId }).first('organization_id');

  const scenarios: { name: string; key: string; query: string; scope: TicketScope }[] = [
    {
      name: "a customer's own (and shared organization) tickets",
      key: customerKey,
      query: '',
      scope: { kind: 'customer', userId: customerId, organizationId: customer.organization_id },
    },
    {
      name: 'staff: open tickets of one team',
      key: staffKey,
      query: `status=open&teamId=${teamId}`,
      scope: { kind: 'all' },
    },
    { name: 'staff: full-text search "printer"', key: staffKey, query: 'q=printer', scope: { kind: 'all' } },
  ];

  const dataDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-bench-server-'));
  const port = await findFreePort();
  const server = await startServerProcess(stack, port, dataDir);
  const lines = [
    `ticket list (${options.count.toLocaleString('en')} tickets seeded in ${seedSeconds.toFixed(1)}s; ${options.requests} requests per scenario; page size 25)`,
  ];
  try {
    // The floor: the smallest API route through the same server and middleware, same load.
    const floorUrl = `http://127.0.0.1:${port}/api/`;
    await autocannon({ url: floorUrl, connections: 50, amount: 500 });
    const floor = await autocannon({ url: floorUrl, connections: 50, amount: options.requests });
    lines.push(
      `  floor: GET /api/ (no database) at 50 connections: p50 ${floor.latency.p50} ms, p99 ${floor.latency.p99} ms, ${Math.round(floor.requests.average)} req/s`,
    );
    for (const scenario of scenarios) {
      const query = listTicketsQuery.parse(Object.fromEntries(new URLSearchParams(scenario.query)));
      for (let i = 0; i < 20; i++) await listTickets(stack.db, scenario.scope, { ...query, afterId: null });
      const sql = await runConcurrently(300, 1, async () => {
        await listTickets(stack.db, scenario.scope, { ...query, afterId: null });
      });
      const url = `http://127.0.0.1:${port}/api/tickets${scenario.query ? `?${scenario.query}` : ''}`;
      const headers = { authorization: `Bearer ${scenario.key}` };
      const warm = await fetch(url, { headers });
      if (!warm.ok) throw new Error(`${url}: ${warm.status} ${await warm.text()}`);
      // autocannon drives the load from raw sockets, so the client costs little of the two cores.
      await autocannon({ url, headers, connections: 50, amount: 500 });
      const http = await autocannon({ url, headers, connections: 50, amount: options.requests });
      const light = await autocannon({ url, headers, connections: 10, amount: options.requests });
      if (http.non2xx || http.errors || light.non2xx)
        throw new Error(`${url}: ${http.non2xx + light.non2xx} non-2xx answers, ${http.errors} errors`);
      lines.push(
        `  ${scenario.name}`,
        `    HTTP, 50 connections: p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, max ${http.latency.max} ms, ${Math.round(http.requests.average)} req/s (p99 ${(http.latency.p99 / floor.latency.p99).toFixed(1)}× the floor)`,
        `    HTTP, 10 connections: p50 ${light.latency.p50} ms, p99 ${light.latency.p99} ms, ${Math.round(light.requests.average)} req/s`,
        `    query only:           ${latencySummary(sql.durations)}`,
        `    goal HTTP p99 < 50 ms at 50 connections: ${http.latency.p99 < 50 ? 'met' : 'missed'}`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
  return lines;
}
