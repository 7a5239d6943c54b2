import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Macros through the API: the reply goes the reply path, the status the workflow, the tags the ticket,
// and the audit trail says which macro did it.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let macroId: number;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  const [macro] = await stack
    .db('macros')
    .insert({
      name: 'Need details',
      body: 'Hi {{requester.name}}, about {{ticket.number}} "{{ticket.title}}": please send a screenshot. {{agent.name}}',
      set_status: 'pending',
      add_tags: ['needs-info'],
    })
    .returning('id');
  macroId = macro.id;
  await stack.db('macros').insert({ name: 'Switched off', body: 'Never sent', active: false });
});

const api = (path: string) => `${stack.baseUrl}/api${path}`;
const row = (id: number) => stack.db('tickets').where({ id }).first();

async function newTicket(title: string): Promise<{ id: number; number: string }> {
  const res = await requestJson(api('/tickets'), {
    headers: world.customer.auth,
    body: { title, description: 'It does not work' },
  });
  expect(res.status).toBe(201);
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
  );
  return res.body;
}

const apply = (ticketId: number, id: number, auth: Record<string, string>, key?: string) =>
  requestJson(api(`/tickets/${ticketId}/macros/${id}`), {
    method: 'POST',
    headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
  });

describe('macros through the API', () => {
  it('lists the active macros to staff only', async () => {
    const staff = await requestJson(api('/macros'), { headers: world.staff.auth });
    expect(staff.status).toBe(200);
    expect(staff.body.map((m: { name: string }) => m.name)).toEqual(['Need details']);
    expect(staff.body[0]).toMatchObject({ setStatus: 'pending', addTags: ['needs-info'], internal: false });
    expect((await requestJson(api('/macros'), { headers: world.customer.auth })).status).toBe(403);
  });

  it('replies with placeholders filled as text, moves the ticket through the workflow, tags it and audits the macro', async () => {
    const title = '{{agent.name}} <b>broken</b>';
    const ticket = await newTicket(title);
    const key = randomUUID();
    const res = await apply(ticket.id, macroId, world.staff.auth, key);
    expect(res.status).toBe(200);
    const expected = `Hi ${world.customer.user.name}, about ${ticket.number} "${title}": please send a screenshot. ${world.staff.user.name}`;
    expect(res.body.macro).toEqual({ id: macroId, name: 'Need details' });
    expect(res.body.message).toMatchObject({ body: expected, internal: false });
    expect(res.body.ticket).toMatchObject({ status: 'pending', tags: ['needs-info'] });

    // The customer sees the rendered reply; the workflow made the move and recorded it.
    const seen = await requestJson(api(`/tickets/${ticket.id}`), { headers: world.customer.auth });
    expect(seen.body.messages.map((m: { body: string }) => m.body)).toEqual([expected]);
    await eventually(async () => expect((await row(ticket.id)).first_responded_at).not.toBeNull());
    const trail = await requestJson(api(`/tickets/${ticket.id}/events`), { headers: world.staff.auth });
    const types = trail.body.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['status_changed', 'reply_added', 'fields_edited', 'macro_applied']));
    const applied = trail.body.find((e: { type: string }) => e.type === 'macro_applied');
    expect(applied).toMatchObject({
      source: 'api',
      actor: { id: world.staff.user.id },
      after: { macroId, macroName: 'Need details', messageId: res.body.message.id, changes: { status: 'pending' } },
    });
    const moved = trail.body.find((e: { type: string }) => e.type === 'status_changed');
    expect(moved).toMatchObject({ source: 'api', after: { status: 'pending' } });

    // A retry with the same Idempotency-Key gets the first answer, not a second reply.
    const retry = await apply(ticket.id, macroId, world.staff.auth, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id })).toHaveLength(1);
  });

  it('refuses customers (403), unknown and switched-off macros (404), and moves the lifecycle forbids (409, nothing written)', async () => {
    const ticket = await newTicket('Refusals');
    expect((await apply(ticket.id, macroId, world.customer.auth)).status).toBe(403);
    const unknown = await apply(ticket.id, 999_999, world.staff.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Macro 999999 was not found.');
    const off = await stack.db('macros').where({ name: 'Switched off' }).first();
    expect((await apply(ticket.id, off.id, world.staff.auth)).status).toBe(404);
    expect((await apply(ticket.id, 0, world.staff.auth)).body.error.details).toEqual([
      { path: 'macroId', message: 'must be positive' },
    ]);

    const resolved = await requestJson(api(`/tickets/${ticket.id}`), {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe(200);
    const refused = await apply(ticket.id, macroId, world.staff.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      message: 'Need details: A resolved ticket cannot move to pending; allowed: open, closed.',
      details: { reason: 'invalid_transition', allowed: ['open', 'closed'] },
    });
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id })).toHaveLength(0);
    expect((await row(ticket.id)).tags).toEqual([]);
    expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'macro_applied' })).toHaveLength(0);
  });
});
