import { benchCustomer, createTicketDirectly, onlyPolicy } from './bench-world.js';
import type { BenchStack } from './local-stack.js';
import { latencySummary, quantile, runConcurrently } from './stats.js';

/**
 * Timer accuracy: `count` open tickets whose first-response deadlines are staggered over the time
 * it takes to create them; the lag is from each deadline to its recorded `sla_breached` event.
 */
export async function benchSlaTimers(stack: BenchStack, options: { count: number; targetSeconds: number }): Promise<string[]> {
  const { db } = stack;
  await onlyPolicy(db, options.targetSeconds);
  await db('assignment_rules').update({ active: false });
  await db('escalation_rules').update({ active: false });
  const requesterId = await benchCustomer(db);
  const ids: number[] = [];
  const created = await runConcurrently(options.count, 20, async (i) => {
    ids.push(await createTicketDirectly(db, stack.workflows, requesterId, `timer ${i}`));
  });

  const deadline = Date.now() + (options.targetSeconds + 240) * 1000;
  let breached = 0;
  while (Date.now() < deadline) {
    breached = Number((await db('ticket_events').whereIn('ticket_id', ids).where({ type: 'sla_breached' }).count<{ count: number }[]>('* as count'))[0]?.count);
    if (breached >= ids.length) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rows = await db('ticket_events as e')
    .join('tickets as t', 't.id', 'e.ticket_id')
    .whereIn('e.ticket_id', ids)
    .where('e.type', 'sla_breached')
    .select(db.raw('extract(epoch from (e.created_at - t.first_response_due_at)) * 1000 as lag_ms'));
  const lags = rows.map((r: { lag_ms: string | number }) => Number(r.lag_ms));
  return [
    `SLA timer accuracy (${options.count} open tickets, first response due ${options.targetSeconds}s after creation, deadlines staggered over ${created.seconds.toFixed(1)}s of creation)`,
    `  breaches recorded:              ${breached} of ${ids.length}`,
    `  lag deadline → breach event:    ${latencySummary(lags)}`,
    `  goal p99 < 1000 ms:             ${lags.length === ids.length ? (quantile(lags, 0.99) < 1000 ? 'met' : 'missed') : 'incomplete'}`,
  ];
}
