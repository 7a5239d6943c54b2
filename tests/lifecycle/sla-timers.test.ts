import { describe, expect, it } from 'vitest';
import { addBusinessSeconds, isBusinessTime } from '../../domain/business-time.js';
import * as attrs from '../../workflows/search-attributes.js';
import { announceSlaConfigChange } from '../../tickets/announce-sla-change.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { addEscalationRule, createLifecycleWorld, isolateWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';

// SLA clocks run in real time on a 24×7 calendar with second-scale targets (there is no time
// skipping on these machines), so each test waits a few seconds at most.

const stack = useTestStack({ isolatedDatabase: true });

async function createTicket(auth: { authorization: string }, body: Record<string, unknown> = {}) {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: auth,
    body: { title: 'Cannot log in', description: 'Locked out', ...body },
  });
  expect(res.status).toBe(201);
  // Routing is the last step of a new workflow's start: after it, the SLA plan is settled.
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: res.body.id, type: 'assigned' })).toHaveLength(1),
  );
  return res.body as { id: number; number: string };
}

const events = (ticketId: number, type?: string) =>
  stack
    .db('ticket_events')
    .where({ ticket_id: ticketId, ...(type ? { type } : {}) })
    .orderBy('id');
const row = (ticketId: number) => stack.db('tickets').where({ id: ticketId }).first();

describe('SLA timers on a running ticket', () => {
  it('fire the breach, mark the ticket and escalate with an e-mail to the capture server', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 2, resolutionSeconds: 600 });
    await isolateWorld(stack.db, world);
    await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      level: 2,
      name: `Breach ${world.policyId}`,
      actions: [{ type: 'notify', roles: ['manager'] }],
    });
    const ticket = await createTicket(world.customer.auth);

    await eventually(async () => expect(await events(ticket.id, 'escalated')).toHaveLength(1));
    const breach = await events(ticket.id, 'sla_breached');
    expect(breach).toHaveLength(1);
    expect(breach[0].after).toMatchObject({ target: 'first_response' });
    expect((await row(ticket.id)).sla_breached).toBe(true);

    await eventually(async () => {
      const mail = stack.capture
        .messages()
        .filter((m) => m.to.includes(world.manager.email) && m.subject.includes(ticket.number));
      expect(mail).toHaveLength(1);
      expect(mail[0]?.subject).toContain('SLA breached');
    });
    const description = await stack.workflows.client.workflow.getHandle(`ticket-${ticket.id}`).describe();
    expect(description.typedSearchAttributes.get(attrs.SlaBreached)).toBe(true);
    // The delivery activity marks the row sent only after the capture server accepted the e-mail.
    await eventually(async () => {
      const delivery = await stack
        .db('notifications')
        .where({ ticket_id: ticket.id, kind: 'email', recipient: world.manager.email })
        .first();
      expect(delivery).toMatchObject({ status: 'sent', template: 'breached', attempts: 1 });
    });
  });

  it('move the deadlines by exactly the paused time when a ticket waits on the customer', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
    await isolateWorld(stack.db, world);
    const ticket = await createTicket(world.customer.auth);
    await eventually(async () => expect((await row(ticket.id)).resolution_due_at).not.toBeNull());
    const before = (await row(ticket.id)).resolution_due_at as Date;

    const pause = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { status: 'pending' },
    });
    expect(pause.status).toBe(200);
    const sla = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/sla`, { headers: world.staff.auth });
    expect(sla.body).toMatchObject({ paused: true, policy: { id: world.policyId } });
    expect(sla.body.resolution.remainingSeconds).toBeGreaterThan(7190);
    await new Promise((r) => setTimeout(r, 1500));
    const resume = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { status: 'open' },
    });
    expect(resume.status).toBe(200);

    const changes = await events(ticket.id, 'status_changed');
    const pausedAt = Date.parse(changes.at(-2).after.changedAt);
    const resumedAt = Date.parse(changes.at(-1).after.changedAt);
    expect(resumedAt - pausedAt).toBeGreaterThanOrEqual(1400);
    const after = (await row(ticket.id)).resolution_due_at as Date;
    expect(after.getTime() - before.getTime()).toBe(resumedAt - pausedAt);
    expect(resume.body.sla.resolutionDueAt).toBe(after.toISOString());
  });

  it('recompute the deadlines when the priority changes', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
    await isolateWorld(stack.db, world);
    const [urgent] = await stack
      .db('sla_policies')
      .insert({
        name: `Urgent ${world.policyId}`,
        position: 10,
        conditions: JSON.stringify({ priorities: ['urgent'] }),
        first_response_target_seconds: 600,
        resolution_target_seconds: 1200,
        calendar_id: world.calendarId,
      })
      .returning('id');
    const ticket = await createTicket(world.customer.auth, { priority: 'normal' });
    await eventually(async () => expect((await row(ticket.id)).sla_policy_id).toBe(world.policyId));
    const before = (await row(ticket.id)).first_response_due_at as Date;

    const res = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { priority: 'urgent' },
    });
    expect(res.status).toBe(200);
    const after = await row(ticket.id);
    expect(after.sla_policy_id).toBe(urgent.id);
    // Same elapsed time, a target 3000 s shorter.
    expect(before.getTime() - (after.first_response_due_at as Date).getTime()).toBeGreaterThan(2990_000);
    expect(before.getTime() - (after.first_response_due_at as Date).getTime()).toBeLessThan(3000_001);
    const change = (await events(ticket.id, 'priority_changed'))[0];
    expect(change.before).toMatchObject({ priority: 'normal' });
    expect(change.after).toMatchObject({ priority: 'urgent', sla: { policyId: urgent.id } });
  });

  it("move running tickets' deadlines when their calendar is edited, and leave other tickets alone", async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7 * 3600 });
    await isolateWorld(stack.db, world);
    const [otherCalendar] = await stack
      .db('business_calendars')
      .insert({
        name: `Other ${world.policyId}`,
        timezone: 'UTC',
        weekly_hours: JSON.stringify({ mon: [['09:00', '17:00']] }),
        holidays: '[]',
      })
      .returning('id');
    await stack.db('sla_policies').insert({
      name: `Low ${world.policyId}`,
      position: 10,
      conditions: JSON.stringify({ priorities: ['low'] }),
      first_response_target_seconds: 60,
      resolution_target_seconds: 120,
      calendar_id: otherCalendar.id,
    });
    const ticket = await createTicket(world.customer.auth, { priority: 'high' });
    const bystander = await createTicket(world.customer.auth, { priority: 'low' });
    await eventually(async () => {
      expect((await row(ticket.id)).resolution_due_at).not.toBeNull();
      expect((await row(bystander.id)).resolution_due_at).not.toBeNull();
    });
    const before = (await row(ticket.id)).resolution_due_at as Date;

    // The manager shortens the week to mornings only.
    const mornings = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['06:00', '10:00']]]),
    );
    await stack
      .db('business_calendars')
      .where({ id: world.calendarId })
      .update({ weekly_hours: JSON.stringify(mornings) });
    const told = await announceSlaConfigChange(stack.db, stack.workflows, { calendarId: world.calendarId });
    expect(told).toBeGreaterThanOrEqual(1);

    await eventually(async () => expect(await events(ticket.id, 'sla_recalculated')).toHaveLength(1));
    const after = (await row(ticket.id)).resolution_due_at as Date;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    const calendar = { timezone: 'UTC', weeklyHours: mornings, holidays: [] };
    expect(isBusinessTime(calendar, new Date(after.getTime() - 1))).toBe(true);
    expect(addBusinessSeconds(calendar, after, 0).getTime()).toBe(after.getTime());
    expect(await events(bystander.id, 'sla_recalculated')).toHaveLength(0);
  });

  it('follow an escalation rule as edited while the ticket is open', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3, resolutionSeconds: 600 });
    await isolateWorld(stack.db, world);
    await stack.db('escalation_rules').update({ active: false });
    const ruleId = await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      actions: [{ type: 'notify', userIds: [world.agents[1]!.id] }],
    });
    const ticket = await createTicket(world.customer.auth);
    await eventually(async () => expect(await events(ticket.id, 'sla_planned')).toHaveLength(1));

    // Before the breach, the manager changes who is told.
    await stack
      .db('escalation_rules')
      .where({ id: ruleId })
      .update({ actions: JSON.stringify([{ type: 'notify', target: 'team_lead' }, { type: 'raise_priority' }]) });

    await eventually(async () => expect(await events(ticket.id, 'escalated')).toHaveLength(1));
    await eventually(async () =>
      expect(
        stack.capture
          .messages()
          .filter((m) => m.subject.includes(ticket.number) && m.subject.includes('SLA breached'))
          .map((m) => m.to[0]),
      ).toEqual([world.lead.email]),
    );
    expect((await row(ticket.id)).priority).toBe('high');
  });

  it('stop escalating once the policy is deactivated', async () => {
    const world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3, resolutionSeconds: 600 });
    await isolateWorld(stack.db, world);
    await stack.db('escalation_rules').update({ active: false });
    await addEscalationRule(stack.db, {
      trigger: 'first_response_breach',
      actions: [{ type: 'notify', target: 'team_lead' }],
    });
    const ticket = await createTicket(world.customer.auth);
    await eventually(async () => expect(await events(ticket.id, 'sla_planned')).toHaveLength(1));

    await stack.db('sla_policies').where({ id: world.policyId }).update({ active: false });
    expect(
      await announceSlaConfigChange(stack.db, stack.workflows, { policyId: world.policyId }),
    ).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect((await row(ticket.id)).sla_policy_id).toBeNull());

    await new Promise((r) => setTimeout(r, 4000));
    expect(await events(ticket.id, 'sla_breached')).toHaveLength(0);
    expect(await events(ticket.id, 'escalated')).toHaveLength(0);
    expect(
      stack.capture.messages().filter((m) => m.subject.includes(ticket.number) && m.subject.includes('SLA')),
    ).toEqual([]);
    const sla = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/sla`, { headers: world.staff.auth });
    expect(sla.body).toMatchObject({ policy: null, nextTimer: null });
  });
});
