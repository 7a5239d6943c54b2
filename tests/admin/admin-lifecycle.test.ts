import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// Lifecycle fields change only through the workflow, also from the back office: its actions call
// workflows/client.ts, show the workflow's refusals, and the workflow recomputes SLA deadlines.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let agent: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
  await isolateWorld(stack.db, world);
  // Urgent tickets get a much shorter resolution target: a priority change must move the deadline.
  await stack.db('sla_policies').insert({
    name: `Urgent ${world.policyId}`,
    position: 10,
    conditions: JSON.stringify({ priorities: ['urgent'] }),
    first_response_target_seconds: 300,
    resolution_target_seconds: 600,
    calendar_id: world.calendarId,
    warning_thresholds: '[]',
  });
  agent = await adminSession(stack, 'agent');
});

const row = (id: number) => stack.db('tickets').where({ id }).first();

async function newTicket(title = 'Printer jam'): Promise<number> {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title, description: 'Paper stuck' },
  });
  expect(res.status).toBe(201);
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
  );
  return res.body.id;
}

const act = (id: number, action: string, json: object = {}) =>
  agent.post(`/api/resources/tickets/records/${id}/${action}`, json);

describe('ticket lifecycle actions in the back office', () => {
  it('change the priority through the workflow, which recomputes the resolution deadline', async () => {
    const id = await newTicket();
    const before = await row(id);
    expect(before.resolution_due_at.getTime() - before.created_at.getTime()).toBeCloseTo(7200_000, -4);

    const res = await act(id, 'changePriority', { priority: 'urgent' });
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    await eventually(async () => {
      const after = await row(id);
      expect(after.priority).toBe('urgent');
      expect(after.resolution_due_at.getTime() - after.created_at.getTime()).toBeCloseTo(600_000, -4);
    });
    const event = await stack.db('ticket_events').where({ ticket_id: id, type: 'priority_changed' }).first();
    expect(event).toMatchObject({ source: 'back_office', actor_id: agent.userId });
  });

  it("show the workflow's refusal when a move is not allowed", async () => {
    const id = await newTicket();
    expect((await act(id, 'resolve')).body.notice.type).toBe('success');
    const refused = await act(id, 'changeStatus', { status: 'pending' });
    expect(refused.body.outcome).toEqual({
      ok: false,
      message: 'A resolved ticket cannot move to pending; allowed: open, closed.',
    });
    expect(refused.body.notice).toMatchObject({ type: 'error' });
    expect((await row(id)).status).toBe('resolved');
    expect((await act(id, 'reopen')).body.notice.type).toBe('success');
    await eventually(async () => expect((await row(id)).status).toBe('open'));
  });

  it('assign, reply and add internal notes through the workflow', async () => {
    const id = await newTicket();
    const target = world.agents[1]!;
    const assigned = await act(id, 'assign', { assigneeId: String(target.id) });
    expect(assigned.body.notice).toMatchObject({ type: 'success' });
    await eventually(async () => expect((await row(id)).assignee_id).toBe(target.id));
    expect((await act(id, 'assign', { assigneeId: String(world.customer.user.id) })).body.outcome).toEqual({
      ok: false,
      message: 'The assignee must be an active staff member.',
    });

    expect((await act(id, 'reply', { body: 'We are on it.' })).body.notice.type).toBe('success');
    expect((await act(id, 'internalNote', { body: 'Probably the fuser.' })).body.notice.type).toBe('success');
    expect((await act(id, 'reply', { body: '   ' })).body.outcome.ok).toBe(false);
    const messages = await stack.db('ticket_messages').where({ ticket_id: id }).orderBy('id');
    expect(messages.map((m) => [m.body, m.internal, m.source])).toEqual([
      ['We are on it.', false, 'back_office'],
      ['Probably the fuser.', true, 'back_office'],
    ]);
    // A staff reply meets the first-response target, decided by the workflow.
    await eventually(async () => expect((await row(id)).first_responded_at).not.toBeNull());
    const customerView = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, { headers: world.customer.auth });
    expect(customerView.body.messages.map((m: { body: string }) => m.body)).toEqual(['We are on it.']);
  });

  it('never write lifecycle fields through the generic edit form', async () => {
    const id = await newTicket('Old title');
    const before = await row(id);
    const res = await act(id, 'edit', {
      title: 'New title',
      status: 'closed',
      priority: 'urgent',
      assignee_id: String(world.manager.id),
      sla_breached: 'true',
      tagsText: 'vip, printer',
    });
    expect(res.status).toBe(200);
    const after = await row(id);
    expect(after).toMatchObject({
      title: 'New title',
      status: before.status,
      priority: before.priority,
      assignee_id: before.assignee_id,
      sla_breached: false,
      tags: ['vip', 'printer'],
    });
    const edited = await stack.db('ticket_events').where({ ticket_id: id, type: 'fields_edited' }).first();
    expect(edited.after).toMatchObject({ title: 'New title', tags: ['vip', 'printer'] });
    // Custom field values are checked against their definitions (tests/admin/admin-custom-fields.test.ts).
    const bad = await act(id, 'edit', { customFieldsJson: JSON.stringify({ floor: 3 }) });
    expect(bad.body.record.errors['customFields.floor'].message).toMatch(/is not a custom field/);
  });

  it('bulk-resolve and bulk-assign through the workflows, reporting each refused ticket', async () => {
    const [a, b, closed] = [await newTicket('Bulk a'), await newTicket('Bulk b'), await newTicket('Bulk closed')];
    await stack.workflows.change(closed, { status: 'closed', actor: { userId: null, source: 'system' } });
    await eventually(async () => expect((await row(closed)).status).toBe('closed'));
    const assign = await agent.post(`/api/resources/tickets/bulk/bulkAssign?recordIds=${a},${b}`, {
      assigneeId: String(world.agents[0]!.id),
    });
    expect(assign.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    const res = await agent.post(`/api/resources/tickets/bulk/bulkResolve?recordIds=${a},${b},${closed}`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.results.map((r: { id: string; ok: boolean; message: string }) => [r.id, r]),
    );
    expect(byId[a]).toMatchObject({ ok: true });
    expect(byId[b]).toMatchObject({ ok: true });
    // The wording depends on whether the closed ticket's workflow has finished yet; either way it says closed.
    expect(byId[closed]).toMatchObject({ ok: false, message: expect.stringMatching(/closed/i) });
    expect(res.body.notice.message).toMatch(/^2 of 3 resolved; refused: TF-\d+ \(.*closed/i);
    await eventually(async () =>
      expect([(await row(a)).status, (await row(b)).status]).toEqual(['resolved', 'resolved']),
    );
    const priority = await agent.post(`/api/resources/tickets/bulk/bulkChangePriority?recordIds=${a}`, {
      priority: 'high',
    });
    expect(priority.body.results[0]).toMatchObject({ ok: true });
  });

  it('show the ticket page: Temporal deep link, live SLA state, conversation with notes marked, audit trail', async () => {
    const id = await newTicket('Overview');
    await act(id, 'reply', { body: 'Public answer' });
    await act(id, 'internalNote', { body: 'Staff only' });
    const res = await agent.get(`/api/resources/tickets/records/${id}/overview`);
    expect(res.status).toBe(200);
    const { overview } = res.body;
    expect(overview.temporalUrl).toBe(`http://temporal-ui.test/namespaces/default/workflows/ticket-${id}`);
    const ticket = await row(id);
    expect(overview.sla.snapshot.clock.resolution.dueAt).toBe(ticket.resolution_due_at.toISOString());
    expect(overview.messages.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([
      ['Public answer', false],
      ['Staff only', true],
    ]);
    expect(overview.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['created', 'reply_added', 'note_added']),
    );
  });
});
