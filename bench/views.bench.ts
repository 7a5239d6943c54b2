import { insertUser } from '../db/users.js';
import { countViewTickets } from '../db/view-tickets.js';
import { builtInViews } from '../domain/built-in-views.js';
import { ticketPriorities } from '../domain/ticket-priority.js';
import { ticketStatuses } from '../domain/ticket-status.js';
import type { TicketActor } from '../tickets/ticket-actor.js';
import { listViewPage, listViews, viewRunnerOf } from '../tickets/ticket-views.js';
import type { BenchStack } from './local-stack.js';

const pageSize = 25;
const minute = 60_000;

// The same conditions as db/view-tickets.ts writes for each built-in view, by hand: the raw query
// the application's count and first page are measured against. $1 is the agent, $teams their
// teams, $2 now (all inlined as literals: these are the benchmark's own values).
const open = "status in ('new','open','pending','on_hold')";
const rawViews: Record<string, { where: string; order: string }> = {
  'my-open': { where: `assignee_id = $1 and ${open}`, order: 'slaDue asc nulls last, id desc' },
  'unassigned-in-my-teams': {
    where: `assignee_id is null and ${open} and team_id in ($teams)`,
    order: 'created_at asc, id desc',
  },
  'breaching-within-1h': {
    where: `status in ('new','open') and ((first_responded_at is null and not sla_breached
      and first_response_due_at > $2 and first_response_due_at <= $2 + interval '1 hour')
      or (resolved_at is null and not sla_breached
      and resolution_due_at > $2 and resolution_due_at <= $2 + interval '1 hour'))`,
    order: 'slaDue asc nulls last, id desc',
  },
  'waiting-for-customer-3d': {
    where: "status = 'pending' and updated_at < $2 - interval '3 days'",
    order: 'updated_at asc, id desc',
  },
  'all-open': { where: open, order: 'created_at desc, id desc' },
};
const slaDue = `least(case when first_responded_at is null then first_response_due_at end,
  case when resolved_at is null then resolution_due_at end)`;

async function seed(stack: BenchStack, total: number): Promise<TicketActor> {
  const stamp = Date.now();
  const agents = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      insertUser(stack.db, { email: `views-agent-${i}-${stamp}@bench.example`, name: `Agent ${i}`, role: 'agent' }),
    ),
  );
  const customer = await insertUser(stack.db, {
    email: `views-customer-${stamp}@bench.example`,
    name: 'Customer',
    role: 'customer',
  });
  const teams = await stack
    .db('teams')
    .insert([0, 1, 2].map((i) => ({ name: `Views ${i} ${stamp}` })))
    .returning('id');
  await stack.db('team_members').insert(agents.map((a, i) => ({ team_id: teams[i % 3].id, user_id: a.id })));
  const now = Date.now();
  const pick = <T>(items: readonly T[], i: number) => items[i % items.length] as T;
  const rows = Array.from({ length: total }, (_, i) => {
    const responded = i % 2 === 1;
    return {
      title: `Views bench ticket ${i}`,
      description: 'Seeded for the views benchmark',
      // Status cycles on a period unrelated to the assignee's (4) and team's (3), so every mix occurs.
      status: pick(ticketStatuses, Math.floor(i / 5)),
      priority: pick(ticketPriorities, i * 3),
      requester_id: customer.id,
      assignee_id: i % 4 === 0 ? null : pick(agents, i).id,
      team_id: pick(teams, i).id,
      // Deadlines spread from 3 hours ago to 30 hours ahead: a few hundred fall in the next hour.
      first_response_due_at: new Date(now + ((i % 2000) - 200) * minute),
      first_responded_at: responded ? new Date(now - (i % 500) * minute) : null,
      resolution_due_at: new Date(now + ((i % 5000) - 100) * minute),
      sla_breached: i % 13 === 0,
      created_at: new Date(now - (i % 90) * 86_400_000 - i * 1000),
      updated_at: new Date(now - (i % 10) * 86_400_000 - i * 1000),
    };
  });
  await stack.db.batchInsert('tickets', rows, 5000);
  // As autovacuum would soon after a bulk load: visibility map and statistics for the planner.
  await stack.db.raw('vacuum analyze tickets');
  const agent = agents[1] as { id: number };
  return { userId: agent.id, role: 'agent', organizationId: null, scopes: null, source: 'back_office' };
}

async function medianMs(run: () => Promise<unknown>, times = 5): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

async function explainMs(stack: BenchStack, sql: string): Promise<number> {
  const result = await stack.db.raw(`explain (analyze, format json) ${sql}`);
  return (result.rows[0]['QUERY PLAN'][0] as { 'Execution Time': number })['Execution Time'];
}

/**
 * Each built-in view over `tickets` tickets, as an agent sees it: its count and first page through
 * the application layer (tickets/ticket-views.ts), beside the raw SQL's execution time (EXPLAIN
 * ANALYZE of the hand-written count and page). Goal: count + first page under 100 ms.
 */
export async function benchViews(stack: BenchStack, options: { tickets: number }): Promise<string[]> {
  const actor = await seed(stack, options.tickets);
  const deps = { db: stack.db };
  const lines = [
    `ticket views (${options.tickets.toLocaleString('en')} tickets, first page of ${pageSize}, median of 5, goal < 100 ms)`,
    `  ${'view'.padEnd(30)} ${'count'.padStart(7)} ${'count+page'.padStart(11)} ${'raw SQL'.padStart(9)}`,
  ];
  let worst = 0;
  for (const view of builtInViews) {
    const count = await countViewTickets(stack.db, view.filters, await viewRunnerOf(deps, actor));
    // As GET /api/tickets?view= and the count beside it: the viewer's teams, the count, the page.
    const ms = await medianMs(async () => {
      await countViewTickets(stack.db, view.filters, await viewRunnerOf(deps, actor));
      await listViewPage(deps, view.id, { limit: pageSize }, actor);
    });
    const raw = rawViews[view.id];
    if (!raw) throw new Error(`no raw query for ${view.id}`);
    const where = raw.where
      .replaceAll('$teams', (await viewRunnerOf(deps, actor)).teamIds.join(',') || 'null')
      .replaceAll('$1', String(actor.userId))
      .replaceAll('$2', `timestamptz '${new Date().toISOString()}'`);
    const rawMs =
      (await explainMs(stack, `select count(*) from tickets where ${where}`)) +
      (await explainMs(
        stack,
        `select *, ${slaDue} as slaDue from tickets where ${where} order by ${raw.order} limit ${pageSize}`,
      ));
    worst = Math.max(worst, ms);
    lines.push(
      `  ${view.name.padEnd(30)} ${String(count).padStart(7)} ${ms.toFixed(1).padStart(8)} ms ${rawMs.toFixed(1).padStart(6)} ms`,
    );
  }
  const all = await medianMs(() => listViews(deps, actor));
  lines.push(`  every view's count (GET /api/views) ${all.toFixed(1).padStart(6)} ms`);
  lines.push(`  slowest view: ${worst.toFixed(1)} ms (${worst < 100 ? 'within' : 'OVER'} the 100 ms goal)`);
  return lines;
}
