import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '../tests/support/isolated-database.js';
import { createDb, type Db } from './connection.js';
import { insertMessageWithOutbox } from './messages.js';
import { applyLifecycleUpdate } from './ticket-changes.js';
import { insertTicketWithOutbox } from './tickets.js';
import { insertUser } from './users.js';
import { insertWebhookEndpoint } from './webhook-endpoints.js';

// The fan-out from the audit trail, on a database of its own (every endpoint there listens).
let db: Db;
let drop: () => Promise<void>;
const key = randomBytes(32);

beforeAll(async () => {
  const isolated = await createIsolatedDatabase();
  drop = isolated.drop;
  db = createDb(isolated.url, { poolMax: 3 });
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

describe('webhook events from the audit trail', () => {
  it('are queued with the entry they come from, once per event and endpoint, never for notes or idle endpoints', async () => {
    const secret = 'sixteen-chars-secret';
    const all = await insertWebhookEndpoint(
      db,
      key,
      { url: 'https://a.example.com/', events: ['ticket.created', 'ticket.status_changed', 'ticket.replied'], secret },
      null,
    );
    const createdOnly = await insertWebhookEndpoint(
      db,
      key,
      { url: 'https://b.example.com/', events: ['ticket.created'], secret },
      null,
    );
    const idle = await insertWebhookEndpoint(
      db,
      key,
      { url: 'https://c.example.com/', events: ['ticket.created'], secret },
      null,
    );
    await db('webhook_endpoints').where({ id: idle.id }).update({ active: false });

    const user = await insertUser(db, { email: 'fan-out@test.example', name: 'F', role: 'customer' });
    const { ticket } = await insertTicketWithOutbox(
      db,
      { title: 'Fan out', description: 'x', priority: 'normal', requesterId: user.id, channel: 'api' },
      { actorId: user.id, source: 'api' },
    );
    for (const internal of [false, true])
      await insertMessageWithOutbox(
        db,
        { ticketId: ticket.id, authorId: user.id, body: internal ? 'note' : 'reply', internal, source: 'api' },
        (m) => ({ messageId: m.id }),
      );
    // A workflow write retried (same idempotency key): one audit entry, so one event.
    const change = {
      ticketId: ticket.id,
      version: 2,
      fields: { status: 'open' as const },
      event: {
        type: 'status_changed' as const,
        actorId: null,
        source: 'workflow' as const,
        before: { status: 'new' },
        after: { status: 'open' },
        idempotencyKey: `ticket-${ticket.id}:update:x:status_changed`,
      },
    };
    expect(await applyLifecycleUpdate(db, change)).toBe(true);
    expect(await applyLifecycleUpdate(db, change)).toBe(false);

    const rows = await db('webhook_deliveries').where({ ticket_id: ticket.id }).orderBy('id');
    const of = (endpointId: number) => rows.filter((r) => r.endpoint_id === endpointId).map((r) => r.event_type);
    expect(of(all.id)).toEqual(['ticket.created', 'ticket.replied', 'ticket.status_changed']);
    expect(of(createdOnly.id)).toEqual(['ticket.created']);
    expect(of(idle.id)).toEqual([]);
    // One event id per event, shared by every endpoint; the body carries the ticket as it was then.
    const created = rows.filter((r) => r.event_type === 'ticket.created');
    expect(created[0].event_id).toBe(created[1].event_id);
    expect(created[0].payload).toMatchObject({ id: created[0].event_id, ticket: { id: ticket.id, status: 'new' } });
    const changed = rows.find((r) => r.event_type === 'ticket.status_changed');
    expect(changed.payload).toMatchObject({ ticket: { status: 'open' }, data: { before: { status: 'new' } } });
    const reply = rows.find((r) => r.event_type === 'ticket.replied');
    expect(reply.payload.data.message.body).toBe('reply');
    // And the relay is asked to wake delivery, in the same transactions.
    expect(await db('outbox').where({ ticket_id: ticket.id, topic: 'webhook.deliver' }).count('* as n')).toEqual([
      { n: 3 },
    ]);
  });

  it('name SLA warnings, breaches, escalations and assignments by what the workflow wrote', async () => {
    const endpoint = await insertWebhookEndpoint(
      db,
      key,
      {
        url: 'https://sla.example.com/',
        events: ['ticket.sla_warning', 'ticket.sla_breached', 'ticket.escalated', 'ticket.assigned'],
        secret: 'sixteen-chars-secret',
      },
      null,
    );
    const user = await insertUser(db, { email: 'sla-fan-out@test.example', name: 'S', role: 'customer' });
    const { ticket } = await insertTicketWithOutbox(
      db,
      { title: 'SLA', description: 'x', priority: 'high', requesterId: user.id, channel: 'api' },
      { actorId: user.id, source: 'api' },
    );
    const write = (version: number, type: 'sla_warning' | 'sla_breached' | 'escalated' | 'assigned', after: object) =>
      applyLifecycleUpdate(db, {
        ticketId: ticket.id,
        version,
        fields: {},
        event: {
          type,
          actorId: null,
          source: 'workflow',
          before: {},
          after,
          idempotencyKey: `ticket-${ticket.id}:${type}:${version}`,
        },
      });
    await write(2, 'sla_warning', { target: 'first_response', fraction: 0.75 });
    await write(3, 'sla_breached', { target: 'first_response' });
    await write(4, 'escalated', { ruleId: 1, level: 1 });
    await write(5, 'assigned', { assigneeId: user.id, teamId: null });
    const types = await db('webhook_deliveries').where({ endpoint_id: endpoint.id }).orderBy('id').pluck('event_type');
    expect(types).toEqual(['ticket.sla_warning', 'ticket.sla_breached', 'ticket.escalated', 'ticket.assigned']);
  });
});
