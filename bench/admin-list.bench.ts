import { createHmac, randomBytes } from 'node:crypto';
import { insertUser } from '../db/users.js';
import { ticketPriorities } from '../domain/ticket-priority.js';
import { ticketStatuses } from '../domain/ticket-status.js';
import type { BenchStack } from './local-stack.js';

const perPage = 20;

// A signed-in admin without an identity provider: a session row and its signed cookie, exactly
// what express-session and connect-pg-simple would have stored after a sign-in.
async function adminCookie(stack: BenchStack): Promise<string> {
  const admin = await insertUser(stack.db, {
    email: `bench-admin-${Date.now()}@bench.example`,
    name: 'Bench Admin',
    role: 'admin',
  });
  const sid = randomBytes(18).toString('base64url');
  const expire = new Date(Date.now() + 3600_000);
  await stack.db('sessions').insert({
    sid,
    expire,
    sess: JSON.stringify({
      cookie: { originalMaxAge: 3600_000, expires: expire, httpOnly: true, path: '/', sameSite: 'lax' },
      userId: admin.id,
      authenticatedAt: Date.now(),
    }),
  });
  const signature = createHmac('sha256', stack.sessionSecret).update(sid).digest('base64').replace(/=+$/, '');
  return `tf.sid=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

async function seedTickets(stack: BenchStack, total: number): Promise<void> {
  const already = Number((await stack.db('tickets').count({ n: '*' }).first())?.n ?? 0);
  if (already >= total) return;
  const people = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      insertUser(stack.db, {
        email: `bench-person-${i}-${Date.now()}@bench.example`,
        name: `Bench Person ${i}`,
        role: i < 5 ? 'agent' : 'customer',
      }),
    ),
  );
  const teams = await stack
    .db('teams')
    .insert([{ name: `Bench A ${Date.now()}` }, { name: `Bench B ${Date.now()}` }])
    .returning('id');
  const pick = <T>(items: readonly T[], i: number) => items[i % items.length] as T;
  const rows = Array.from({ length: total - already }, (_, i) => ({
    title: `Bench ticket ${i}`,
    description: 'Seeded for the list benchmark',
    status: pick(ticketStatuses, i * 7),
    priority: pick(ticketPriorities, i * 3),
    requester_id: pick(people, 5 + (i % 15)).id,
    assignee_id: i % 4 === 0 ? null : pick(people, i % 5).id,
    team_id: pick(teams, i).id,
    sla_breached: i % 13 === 0,
    created_at: new Date(Date.now() - (i % 90) * 86_400_000 - i * 1000),
  }));
  await stack.db.batchInsert('tickets', rows, 5000);
  // As autovacuum would soon after a bulk load: visibility map and statistics for the planner.
  await stack.db.raw('vacuum analyze tickets');
}

async function timeIt(run: () => Promise<void>, times = 5): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

/**
 * The back office's ticket list over 100,000 tickets: each page (first, deep, last) and each filter,
 * through AdminJS's own API route with a signed-in admin (count, page, references by name),
 * beside the raw page query. Goal: every page under 300 ms.
 */
export async function benchAdminList(stack: BenchStack, options: { tickets: number }): Promise<string[]> {
  await seedTickets(stack, options.tickets);
  const cookie = await adminCookie(stack);
  const lastPage = Math.ceil(options.tickets / perPage);
  const assignee = await stack.db('tickets').whereNotNull('assignee_id').first('assignee_id', 'team_id');
  const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const cases: [string, string][] = [
    ['page 1 (newest first)', 'page=1'],
    ['page 2', 'page=2'],
    [`page ${Math.floor(lastPage / 2)} (middle)`, `page=${Math.floor(lastPage / 2)}`],
    [`page ${lastPage} (last)`, `page=${lastPage}`],
    ['status = open', 'filters.status=open'],
    ['priority = urgent', 'filters.priority=urgent'],
    ['assignee', `filters.assignee_id=${assignee.assignee_id}`],
    ['team', `filters.team_id=${assignee.team_id}`],
    ['SLA breached', 'filters.sla_breached=true'],
    ['created in one day', `filters.created_at~~from=${day}T00:00:00Z&filters.created_at~~to=${day}T23:59:59Z`],
    ['status + assignee, page 10', `filters.status=open&filters.assignee_id=${assignee.assignee_id}&page=10`],
  ];
  const lines = [
    `back office ticket list (${options.tickets.toLocaleString('en')} tickets, ${perPage} a page, median of 5, goal < 300 ms)`,
  ];
  let worst = 0;
  for (const [label, query] of cases) {
    const ms = await timeIt(async () => {
      const res = await fetch(`${stack.baseUrl}/admin/api/resources/tickets/actions/list?${query}`, {
        headers: { cookie, accept: 'application/json' },
      });
      const body = (await res.json()) as { records?: unknown[] };
      if (res.status !== 200 || !body.records) throw new Error(`list ${query} answered ${res.status}`);
    });
    worst = Math.max(worst, ms);
    lines.push(`  ${label.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms`);
  }
  const raw = await timeIt(async () => {
    await stack.db('tickets').count({ n: '*' });
    await stack
      .db('tickets')
      .orderBy('id', 'desc')
      .limit(perPage)
      .offset((lastPage - 1) * perPage);
  });
  lines.push(`  raw count + last page (SQL only) ${raw.toFixed(1).padStart(5)} ms`);
  lines.push(
    `  slowest page: ${worst.toFixed(1)} ms (${worst < 300 ? 'within' : 'OVER'} the 300 ms goal; ${(worst / raw).toFixed(1)}× the raw query)`,
  );
  return lines;
}
