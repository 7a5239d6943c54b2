import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { findTicketLifecycleRow, insertTicketWithOutbox } from '../db/tickets.js';
import { insertUser } from '../db/users.js';
import type { TicketWorkflows } from '../workflows/client.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

/** A 24×7 SLA policy whose first-response target is `seconds`, made the only active one. */
export async function onlyPolicy(db: Db, seconds: number): Promise<number> {
  await db('sla_policies').update({ active: false });
  const tag = randomUUID().slice(0, 8);
  const [calendar] = await db('business_calendars').insert({ name: `bench ${tag}`, timezone: 'UTC', weekly_hours: JSON.stringify(allDay), holidays: '[]' }).returning('id');
  const [policy] = await db('sla_policies')
    .insert({ name: `bench ${tag}`, position: 1, conditions: '{}', first_response_target_seconds: seconds, resolution_target_seconds: seconds * 10, calendar_id: calendar.id, warning_thresholds: '[]' })
    .returning('id');
  return policy.id;
}

/** A customer to raise benchmark tickets. */
export async function benchCustomer(db: Db): Promise<number> {
  return (await insertUser(db, { email: `bench-${randomUUID().slice(0, 8)}@bench.example`, name: 'Bench customer', role: 'customer' })).id;
}

/** Commits a ticket and starts its workflow, the way the API does, without HTTP in between. */
export async function createTicketDirectly(db: Db, workflows: TicketWorkflows, requesterId: number, title: string): Promise<number> {
  const { ticket } = await insertTicketWithOutbox(db, { title, description: 'bench', priority: 'normal', requesterId, channel: 'api' }, { actorId: requesterId, source: 'api' });
  const row = await findTicketLifecycleRow(db, ticket.id);
  if (row) await workflows.start(row);
  return ticket.id;
}
