import { describe, expect, it } from 'vitest';
import { reassignOpenTicketsOf } from '../../tickets/reassign-open-tickets.js';
import { eventually } from '../support/eventually.js';
import { requestJson, type KeyedUser } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';

const stack = useTestStack({ isolatedDatabase: true, autoCloseSeconds: 2 });

const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
  requestJson(`${stack.baseUrl}/api${path}`, init);
const row = (id: number) => stack.db('tickets').where({ id }).first();
const events = (id: number, type: string) => stack.db('ticket_events').where({ ticket_id: id, type }).orderBy('id');

async function newTicket(world: LifecycleWorld, who: KeyedUser = world.customer, body: Record<string, unknown> = {}) {
  const res = await api('/tickets', {
    headers: who.auth,
    body: { title: 'Printer jam', description: 'Paper stuck', ...body },
  });
  expect(res.status).toBe(201);
  // The workflow has planned the SLA and routed the ticket once its assignment is recorded.
  await eventually(async () => expect(await events(res.body.id, 'assigned')).toHaveLength(1));
  return res.body as { id: number; number: string };
}

const onlyThisWorld = (world: LifecycleWorld) => isolateWorld(stack.db, world);

describe('the status machine', () => {
  it('refuses moves the lifecycle does not allow with 409 naming the allowed ones, and stale versions', async () => {
    const world = await createLifecycleWorld(stack.db);
    await onlyThisWorld(world);
    const ticket = await newTicket(world);
    const patch = (body: object, headers: Record<string, string> = {}) =>
      api(`/tickets/${ticket.id}`, { method: 'PATCH', headers: { ...world.staff.auth, ...headers }, body });

    expect((await patch({ status: 'resolved' })).status).toBe(200);
    const refused = await patch({ status: 'pending' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      message: 'A resolved ticket cannot move to pending; allowed: open, closed.',
      details: { reason: 'invalid_transition' },
    });

    const current = (await api(`/tickets/${ticket.id}`, { headers: world.staff.auth })).body;
    const stale = await patch({ priority: 'high' }, { 'if-match': `"${current.version - 1}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ reason: 'stale_version' });
    const fresh = await patch({ priority: 'high', version: current.version });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(current.version + 1);
    expect(fresh.headers.get('etag')).toBe(`"${current.version + 1}"`);

    expect((await patch({ status: 'closed' })).status).toBe(200);
    const afterClose = await patch({ status: 'open' });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.error.message).toMatch(/closed/);
    const reply = await api(`/tickets/${ticket.id}/messages`, {
      headers: world.customer.auth,
      body: { body: 'Hello?' },
    });
    expect(reply.status).toBe(409);
  });

  it('checks who may change what, and names bad fields', async () => {
    const world = await createLifecycleWorld(stack.db);
    await onlyThisWorld(world);
    const ticket = await newTicket(world);
    expect(
      (
        await api(`/tickets/${ticket.id}`, {
          method: 'PATCH',
          headers: world.customer.auth,
          body: { status: 'resolved' },
        })
      ).status,
    ).toBe(403);
    const bad = await api(`/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { assigneeId: world.customer.user.id, teamId: 999_999 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'assigneeId', message: 'must be an active staff member' },
      { path: 'teamId', message: 'is not a team' },
    ]);
    const empty = await api(`/tickets/${ticket.id}`, { method: 'PATCH', headers: world.staff.auth, body: {} });
    expect(empty.status).toBe(400);
    const note = await api(`/tickets/${ticket.id}/messages`, {
      headers: world.customer.auth,
      body: { body: 'psst', internal: true },
    });
    expect(note.status).toBe(403);
  });

  it('opens a new ticket and meets first response on the first public staff reply; a customer reply reopens a resolved ticket', async () => {
    const world = await createLifecycleWorld(stack.db);
    await onlyThisWorld(world);
    const ticket = await newTicket(world);

    const note = await api(`/tickets/${ticket.id}/messages`, {
      headers: world.staff.auth,
      body: { body: 'Checking the logs', internal: true },
    });
    expect(note.status).toBe(201);
    expect((await row(ticket.id)).first_responded_at).toBeNull();

    const reply = await api(`/tickets/${ticket.id}/messages`, {
      headers: world.staff.auth,
      body: { body: 'Fixed the roller, try now.' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () =>
      expect(await row(ticket.id)).toMatchObject({ status: 'open', first_responded_at: expect.any(Date) }),
    );
    const sla = await api(`/tickets/${ticket.id}/sla`, { headers: world.customer.auth });
    expect(sla.body.firstResponse.metAt).not.toBeNull();
    expect(sla.body.firstResponse.remainingSeconds).toBeNull();

    const detail = await api(`/tickets/${ticket.id}`, { headers: world.customer.auth });
    expect(detail.body.messages.map((m: { body: string }) => m.body)).toEqual(['Fixed the roller, try now.']);
    const staffView = await api(`/tickets/${ticket.id}`, { headers: world.staff.auth });
    expect(staffView.body.messages).toHaveLength(2);

    expect(
      (await api(`/tickets/${ticket.id}`, { method: 'PATCH', headers: world.staff.auth, body: { status: 'resolved' } }))
        .status,
    ).toBe(200);
    expect(
      (await api(`/tickets/${ticket.id}/messages`, { headers: world.customer.auth, body: { body: 'Still jammed!' } }))
        .status,
    ).toBe(201);
    await eventually(async () => expect((await row(ticket.id)).status).toBe('open'));
    expect(await events(ticket.id, 'reopened_by_reply')).toHaveLength(1);
  });

  it('closes a resolved ticket on its own after the configured time, unless the customer replies', async () => {
    const world = await createLifecycleWorld(stack.db);
    await onlyThisWorld(world);
    const quiet = await newTicket(world);
    const chatty = await newTicket(world);
    for (const t of [quiet, chatty])
      expect(
        (await api(`/tickets/${t.id}`, { method: 'PATCH', headers: world.staff.auth, body: { status: 'resolved' } }))
          .status,
      ).toBe(200);
    expect(
      (
        await api(`/tickets/${chatty.id}/messages`, {
          headers: world.customer.auth,
          body: { body: 'Wait, one more thing' },
        })
      ).status,
    ).toBe(201);

    await eventually(async () => expect((await row(quiet.id)).status).toBe('closed'));
    expect(await events(quiet.id, 'auto_closed')).toHaveLength(1);
    const handle = stack.workflows.client.workflow.getHandle(`ticket-${quiet.id}`);
    // The row is closed by an activity; the workflow completes after it (on a busy machine, a moment later).
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    await new Promise((r) => setTimeout(r, 2500));
    // The reopening is written by chatty's own workflow when it handles the reply's signal, which the
    // wait on the quiet ticket does not cover; a wrongly auto-closed ticket never becomes open again.
    await eventually(async () => expect((await row(chatty.id)).status).toBe('open'));
  });

  it('lets the requester close and rate, and nobody else rate', async () => {
    const world = await createLifecycleWorld(stack.db);
    await onlyThisWorld(world);
    const ticket = await newTicket(world);
    expect(
      (await api(`/tickets/${ticket.id}/rating`, { headers: world.customer.auth, body: { score: 5 } })).status,
    ).toBe(409);
    const closed = await api(`/tickets/${ticket.id}/close`, { method: 'POST', headers: world.customer.auth });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await api(`/tickets/${ticket.id}/rating`, { headers: world.staff.auth, body: { score: 1 } })).status).toBe(
      403,
    );
    const rated = await api(`/tickets/${ticket.id}/rating`, {
      headers: world.customer.auth,
      body: { score: 4, comment: 'Quick and kind' },
    });
    expect(rated.status).toBe(201);
    expect((await api(`/tickets/${ticket.id}`, { headers: world.customer.auth })).body.rating).toMatchObject({
      score: 4,
      comment: 'Quick and kind',
    });
    expect(
      (await api(`/tickets/${ticket.id}/rating`, { headers: world.customer.auth, body: { score: 9 } })).body.error
        .details,
    ).toEqual([{ path: 'score', message: 'must be 1 to 5' }]);
  });
});

describe('assignment', () => {
  it('takes turns in round robin, skipping unavailable agents and those at capacity, and tells the assignee', async () => {
    const world = await createLifecycleWorld(stack.db, { agents: 3, strategy: 'round_robin', capacity: 2 });
    await onlyThisWorld(world);
    const [a0, a1, a2] = world.agents.map((a) => a.id);
    await stack.db('team_members').where({ user_id: a2 }).update({ available: false });

    const assignees: (number | null)[] = [];
    for (let i = 0; i < 5; i++) assignees.push((await row((await newTicket(world)).id)).assignee_id);
    // a0, a1 take turns; the unavailable a2 is skipped; once both hold 2 tickets, nobody is eligible.
    expect(assignees).toEqual([a0, a1, a0, a1, null]);
    const last = await stack.db('tickets').where({ assignee_id: a0 }).first('id', 'number');
    await eventually(async () =>
      expect(
        stack.capture
          .messages()
          .some(
            (m) => m.subject === `[${last.number}] Assigned to you: Printer jam` && m.to[0] === world.agents[0]!.email,
          ),
      ).toBe(true),
    );
  });

  it('gives the ticket to the least loaded agent, and reassigns the open tickets of an agent who leaves', async () => {
    const world = await createLifecycleWorld(stack.db, { agents: 2, strategy: 'least_open' });
    await onlyThisWorld(world);
    const [a0, a1] = world.agents.map((a) => a.id);
    const first = await newTicket(world);
    const second = await newTicket(world);
    expect([(await row(first.id)).assignee_id, (await row(second.id)).assignee_id]).toEqual([a0, a1]);

    await stack.db('users').where({ id: a0 }).update({ active: false });
    expect(
      await reassignOpenTicketsOf(stack.db, stack.workflows, a0!, { userId: world.manager.id, source: 'back_office' }),
    ).toBe(1);
    await eventually(async () => expect((await row(first.id)).assignee_id).toBe(a1));
    const audit = await events(first.id, 'assigned');
    expect(audit.at(-1)).toMatchObject({
      actor_id: world.manager.id,
      source: 'back_office',
      before: { assigneeId: a0 },
      after: { assigneeId: a1 },
    });
  });

  it('assigns within the new team when staff move a ticket', async () => {
    const world = await createLifecycleWorld(stack.db, { agents: 1 });
    const other = await createLifecycleWorld(stack.db, { agents: 1 });
    await onlyThisWorld(world);
    const ticket = await newTicket(world);
    const moved = await api(`/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { teamId: other.teamId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.team).toMatchObject({ id: other.teamId });
    expect(moved.body.assignee).toMatchObject({ id: other.agents[0]!.id });
  });
});
