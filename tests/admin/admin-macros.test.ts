import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// Managers write macros as plain form fields, checked on save; agents apply them from a ticket or a selection.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let manager: AdminSession;
let agent: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  [manager, agent] = await Promise.all([adminSession(stack, 'manager'), adminSession(stack, 'agent')]);
});

async function newTicket(title: string): Promise<{ id: number; number: string }> {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title, description: 'Help' },
  });
  expect(res.status).toBe(201);
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
  );
  return res.body;
}

const form = {
  name: 'Ask for a screenshot',
  body: 'Hi {{requester.firstName}}, could you send a screenshot for {{ticket.number}}? {{agent.name}}',
  internal: 'false',
  set_status: 'pending',
  set_priority: '',
  set_team_id: '',
  set_assignee_id: '',
  addTagsText: 'needs-info, screenshot',
  removeTagsText: '',
};

describe('macros in the back office', () => {
  it('a manager writes a macro with plain fields; bad ones are refused naming the field', async () => {
    const created = await manager.post('/api/resources/macros/actions/new', form);
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    const row = await stack.db('macros').where({ name: form.name }).first();
    expect(row).toMatchObject({
      set_status: 'pending',
      set_priority: null,
      add_tags: ['needs-info', 'screenshot'],
      active: true,
      internal: false,
      created_by: manager.userId,
    });

    const unknown = await manager.post('/api/resources/macros/actions/new', {
      ...form,
      name: 'Typo',
      body: 'Hello {{requester.name}}, {{ticket.owner}} will call.',
    });
    expect(unknown.body.record.errors.body.message).toMatch(/unknown placeholder \{\{ticket\.owner\}\}/);
    const empty = await manager.post('/api/resources/macros/actions/new', {
      ...form,
      name: 'Nothing',
      body: '',
      set_status: '',
      addTagsText: '',
    });
    expect(empty.body.record.errors.body.message).toMatch(/write a reply or choose an action/);
    const customer = await manager.post('/api/resources/macros/actions/new', {
      ...form,
      name: 'Odd assignee',
      set_assignee_id: String(world.customer.user.id),
    });
    expect(customer.body.record.errors.set_assignee_id.message).toBe('must be an active staff member');
    const both = await manager.post('/api/resources/macros/actions/new', {
      ...form,
      name: 'Both',
      removeTagsText: 'screenshot',
    });
    expect(both.body.record.errors.removeTagsText.message).toBe('must not also be added: screenshot');
    const off = await manager.post(`/api/resources/macros/records/${row.id}/edit`, { ...form, switchedOff: 'true' });
    expect(off.body.notice).toMatchObject({ type: 'success' });
    expect((await stack.db('macros').where({ id: row.id }).first()).active).toBe(false);
    await manager.post(`/api/resources/macros/records/${row.id}/edit`, { ...form, switchedOff: 'false' });
    expect((await stack.db('macros').where({ id: row.id }).first()).active).toBe(true);
    expect(await stack.db('macros').whereIn('name', ['Typo', 'Nothing', 'Odd assignee', 'Both'])).toEqual([]);
  });

  it('agents list macros but may not write them', async () => {
    expect((await agent.get('/api/resources/macros/actions/list')).status).toBe(200);
    expect((await agent.post('/api/resources/macros/actions/new', { ...form, name: 'Agent' })).status).toBe(403);
  });

  it('an agent previews and applies a macro on a ticket, and on a selection with one outcome per ticket', async () => {
    const macro = await stack.db('macros').where({ name: form.name }).first();
    const ticket = await newTicket('Login fails');
    const path = `/api/resources/tickets/records/${ticket.id}/applyMacro`;
    const preview = await agent.get(`${path}?macroId=${macro.id}`);
    const firstName = world.customer.user.name.split(' ')[0];
    const agentName = (await stack.db('users').where({ id: agent.userId }).first()).name;
    expect(preview.body.preview).toEqual({
      ticketNumber: ticket.number,
      body: `Hi ${firstName}, could you send a screenshot for ${ticket.number}? ${agentName}`,
      internal: false,
      actions: ['Status → pending', 'Add tags: needs-info, screenshot'],
    });
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id })).toHaveLength(0);
    const applied = await agent.post(path, { macroId: String(macro.id) });
    expect(applied.body.notice).toEqual({ message: `${ticket.number} macro applied.`, type: 'success' });
    expect(await stack.db('tickets').where({ id: ticket.id }).first()).toMatchObject({
      status: 'pending',
      tags: ['needs-info', 'screenshot'],
    });
    expect((await agent.post(path, {})).body.outcome).toEqual({ ok: false, message: 'Choose a macro to apply.' });

    const [a, b, closed] = [await newTicket('Bulk a'), await newTicket('Bulk b'), await newTicket('Bulk closed')];
    await stack.workflows.change(closed.id, { status: 'closed', actor: { userId: null, source: 'system' } });
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: closed.id }).first()).status).toBe('closed'),
    );
    const bulk = await agent.post(`/api/resources/tickets/bulk/bulkApplyMacro?recordIds=${a.id},${b.id},${closed.id}`, {
      macroId: String(macro.id),
    });
    const byId = Object.fromEntries(bulk.body.results.map((r: { id: string }) => [r.id, r]));
    expect(byId[a.id]).toMatchObject({ ok: true, message: 'macro applied' });
    expect(byId[b.id]).toMatchObject({ ok: true });
    expect(byId[closed.id]).toMatchObject({ ok: false, message: expect.stringMatching(/closed/i) });
    expect(bulk.body.notice.message).toMatch(
      new RegExp(`^Macro applied to 2 of 3 \\(${a.number}, ${b.number}\\); refused: ${closed.number}`),
    );
    const events = await stack
      .db('ticket_events')
      .whereIn('ticket_id', [a.id, b.id, closed.id])
      .where({ type: 'macro_applied' });
    expect(events.map((e) => [e.ticket_id, e.source, e.actor_id])).toEqual(
      expect.arrayContaining([
        [a.id, 'back_office', agent.userId],
        [b.id, 'back_office', agent.userId],
      ]),
    );
    expect(events).toHaveLength(2);
  });
});
