import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { findTicketLifecycleRow, insertTicketWithOutbox } from '../db/tickets.js';
import { insertUser } from '../db/users.js';
import type { TicketWorkflows } from '../workflows/client.js';

const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/** A 24×7 SLA policy whose first-response target is `seconds`, made the only active one. */
export async function onlyPolicy(db: Db, seconds: number): Promise<number> {
  await db('sla_policies').update({ active: false });
  const tag = randomUUID().slice(0, 8);
  const [calendar] = await db('business_calendars')
    .insert({ name: `bench ${tag}`, timezone: 'UTC', weekly_hours: JSON.stringify(allDay), holidays: '[]' })
    .returning('id');
  const [policy] = await db('sla_policies')
    .insert({
      name: `bench ${tag}`,
      position: 1,
      conditions: '{}',
      first_response_target_seconds: seconds,
      resolution_target_seconds: seconds * 10,
      calendar_id: calendar.id,
      warning_thresholds: '[]',
    })
    .returning('id');
  return policy.id;
}

/** A customer to raise benchmark tickets. */
export async function benchCustomer(db: Db): Promise<number> {
  return (
    await insertUser(db, {
      email: `bench-${randomUUID().slice(0, 8)}@bench.example`,
      name: 'Bench customer',
      role: 'customer',
    })
  ).id;
}

/** Commits a ticket and starts its workflow, the way the API does, without HTTP in between. */
export async function createTicketDirectly(
  db: Db,
  workflows: TicketWorkflows,
  requesterId: number,
  title: string,
): Promise<number> {
  const { ticket } = await insertTicketWithOutbox(
    db,
    { title, description: 'bench', priority: 'normal', requesterId, channel: 'api' },
    { actorId: requesterId, source: 'api' },
  );
  const row = await findTicketLifecycleRow(db, ticket.id);
  if (row) await workflows.start(row);
  return ticket.id;
}

/**
 * Commits a ticket whose first response falls due at `dueAtMs` under a 24×7 policy of
 * `targetSeconds` (its creation time is set that far before), and starts its workflow. Deadlines
 * can so be laid out in advance, independently of how fast tickets are created.
 */
export async function createTicketDueAt(
  db: Db,
  workflows: TicketWorkflows,
  requesterId: number,
  title: string,
  dueAtMs: number,
  targetSeconds: number,
): Promise<number> {
  const { ticket } = await insertTicketWithOutbox(
    db,
    { title, description: 'bench', priority: 'normal', requesterId, channel: 'api' },
    { actorId: requesterId, source: 'api' },
  );
  await db('tickets')
    .where({ id: ticket.id })
    .update({ created_at: new Date(dueAtMs - targetSeconds * 1000) });
  const row = await findTicketLifecycleRow(db, ticket.id);
  if (row) await workflows.start(row);
  return ticket.id;
}

/** Waits until every ticket of `ids` has an audit event of `type` (or `timeoutMs` passes); returns how many have. */
export async function waitForEvents(db: Db, ids: number[], type: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  for (;;) {
    seen = 0;
    for (let i = 0; i < ids.length; i += 5000) {
      const [row] = await db('ticket_events')
        .whereIn('ticket_id', ids.slice(i, i + 5000))
        .where({ type })
        .countDistinct<{ count: number }[]>('ticket_id as count');
      seen += Number(row?.count ?? 0);
    }
    if (seen >= ids.length || Date.now() > deadline) return seen;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Milliseconds from each ticket's first-response deadline to its recorded `sla_breached` event. */
export async function breachLags(db: Db, ids: number[]): Promise<number[]> {
  const lags: number[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db('ticket_events as e')
      .join('tickets as t', 't.id', 'e.ticket_id')
      .whereIn('e.ticket_id', ids.slice(i, i + 5000))
      .where('e.type', 'sla_breached')
      .select(db.raw('extract(epoch from (e.created_at - t.first_response_due_at)) * 1000 as lag_ms'));
    for (const r of rows as { lag_ms: string | number }[]) lags.push(Number(r.lag_ms));
  }
  return lags;
}

/** Each ticket's first-response deadline and when its `sla_breached` entry was written (epoch ms). */
export async function breachTimes(db: Db, ids: number[]): Promise<{ id: number; dueAt: number; writtenAt: number }[]> {
  const rows = await db('ticket_events as e')
    .join('tickets as t', 't.id', 'e.ticket_id')
    .whereIn('e.ticket_id', ids)
    .where('e.type', 'sla_breached')
    .select('t.id', 't.first_response_due_at', 'e.created_at');
  return rows.map((r: { id: number; first_response_due_at: Date; created_at: Date }) => ({
    id: r.id,
    dueAt: r.first_response_due_at.getTime(),
    writtenAt: r.created_at.getTime(),
  }));
}
