import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { recordFieldsEdited } from '../../tickets/record-field-edit.js';
import { createOutboxRelay } from '../../workflows/outbox-relay.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import {
  addEscalationRule,
  createLifecycleWorld,
  isolateWorld,
  type LifecycleWorld,
} from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { insertUser } from '../../db/users.js';

// Rules that match tags, category and custom field values, on running tickets: the workflow reads
// them from the row when it decides, and re-evaluates when they are edited.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;

beforeAll(async () => {
  // Manual hand-out: tickets land in the world's team with nobody assigned, as a busy queue does.
  world = await createLifecycleWorld(stack.db, {
    strategy: 'manual',
    firstResponseSeconds: 3600,
    resolutionSeconds: 7200,
  });
  await isolateWorld(stack.db, world);
});

const api = (path: string) => `${stack.baseUrl}/api${path}`;
const row = (id: number) => stack.db('tickets').where({ id }).first();
const events = (id: number, type: string) => stack.db('ticket_events').where({ ticket_id: id, type }).orderBy('id');

async function newTicket(body: Record<string, unknown> = {}): Promise<{ id: number; number: string }> {
  const res = await requestJson(api('/tickets'), {
    headers: world.customer.auth,
    body: { title: 'Invoice is wrong', description: 'Charged twice', ...body },
  });
  expect(res.status).toBe(201);
  // Routing is the last step of a new workflow's start: after it, the SLA plan is settled.
  await eventually(async () => expect(await events(res.body.id, 'assigned')).toHaveLength(1));
  return res.body;
}

async function addPolicy(name: string, conditions: object, firstResponseSeconds: number, position = 10) {
  const [policy] = await stack
    .db('sla_policies')
    .insert({
      name,
      position,
      conditions: JSON.stringify(conditions),
      first_response_target_seconds: firstResponseSeconds,
      resolution_target_seconds: firstResponseSeconds * 2,
      calendar_id: world.calendarId,
      warning_thresholds: '[]',
    })
    .returning('id');
  return policy.id as number;
}

async function addTagMacro(tag: string): Promise<number> {
  const [macro] = await stack
    .db('macros')
    .insert({ name: `Tag ${tag}`, add_tags: [tag] })
    .returning('id');
  return macro.id;
}

async function applyMacro(ticketId: number, macroId: number) {
  const res = await requestJson(api(`/tickets/${ticketId}/macros/${macroId}`), {
    method: 'POST',
    headers: world.staff.auth,
  });
  expect(res.status).toBe(200);
}

/**
 * A direct edit of custom field values as every write path makes it (the API, the back office):
 * the row and its audit entry in one transaction, then the ticket's outbox relayed after the commit.
 */
async function setCustomFields(db: Db, ticketId: number, values: Record<string, unknown>): Promise<void> {
  await db.transaction(async (trx) => {
    const before = (await trx('tickets').where({ id: ticketId }).forUpdate().first('custom_fields')).custom_fields;
    const after = { ...before, ...values };
    await trx('tickets')
      .where({ id: ticketId })
      .update({ custom_fields: JSON.stringify(after) });
    await recordFieldsEdited(
      trx,
      ticketId,
      { userId: world.staff.user.id, source: 'api' },
      { custom_fields: before },
      { custom_fields: after },
    );
  });
  await createOutboxRelay(db, stack.workflows).relayTicket(ticketId);
}

describe('SLA policies on tags and custom field values', () => {
  it('a tag added by a macro moves a running ticket to the tag’s policy, with new due dates and an audit entry', async () => {
    const vip = await addPolicy('VIP customers', { tags: ['vip'] }, 600);
    const macro = await addTagMacro('VIP');
    const ticket = await newTicket();
    const before = await row(ticket.id);
    expect(before.sla_policy_id).toBe(world.policyId);

    await applyMacro(ticket.id, macro);
    await eventually(async () => expect((await row(ticket.id)).sla_policy_id).toBe(vip));
    const after = await row(ticket.id);
    expect(after.tags).toEqual(['VIP']);
    // 10 minutes instead of an hour, counted from the ticket's creation.
    expect(after.first_response_due_at.getTime()).toBeLessThan(before.first_response_due_at.getTime() - 45 * 60_000);
    const [recalculated] = await events(ticket.id, 'sla_recalculated');
    expect(recalculated).toMatchObject({
      actor_id: world.staff.user.id,
      before: { policyId: world.policyId, firstResponseDueAt: before.first_response_due_at.toISOString() },
      after: { policyId: vip, firstResponseDueAt: after.first_response_due_at.toISOString(), reason: 'tags changed' },
    });
    const sla = await requestJson(api(`/tickets/${ticket.id}/sla`), { headers: world.staff.auth });
    expect(sla.body.policy).toEqual({ id: vip, name: 'VIP customers' });

    // The outbox may deliver a signal twice: the second delivery changes nothing.
    const entry = await stack
      .db('outbox')
      .where({ ticket_id: ticket.id, topic: 'ticket.classification_changed' })
      .first();
    expect(entry.payload).toMatchObject({ fields: ['tags'], actor: { userId: world.staff.user.id, source: 'api' } });
    await stack.workflows.classificationChanged(ticket.id, entry.payload);
    await new Promise((r) => setTimeout(r, 500));
    expect(await events(ticket.id, 'sla_recalculated')).toHaveLength(1);
    expect((await row(ticket.id)).version).toBe(after.version);
  });

  it('a custom field value moves a ticket to its policy and back when the value changes again', async () => {
    const gold = await addPolicy('Gold plan', { customFields: [{ key: 'plan', anyOf: ['gold', 'platinum'] }] }, 900);
    const ticket = await newTicket();
    expect((await row(ticket.id)).sla_policy_id).toBe(world.policyId);

    await setCustomFields(stack.db, ticket.id, { plan: 'gold' });
    await eventually(async () => expect((await row(ticket.id)).sla_policy_id).toBe(gold));
    await setCustomFields(stack.db, ticket.id, { plan: 'basic' });
    await eventually(async () => expect((await row(ticket.id)).sla_policy_id).toBe(world.policyId));
    const trail = await events(ticket.id, 'sla_recalculated');
    expect(trail.map((e) => [e.before.policyId, e.after.policyId, e.after.reason])).toEqual([
      [world.policyId, gold, 'custom fields changed'],
      [gold, world.policyId, 'custom fields changed'],
    ]);
  });

  it('leaves a resolved ticket’s SLA alone', async () => {
    await addPolicy('Resolved never moves', { customFields: [{ key: 'frozen', anyOf: [true] }] }, 300);
    const ticket = await newTicket();
    const resolved = await requestJson(api(`/tickets/${ticket.id}`), {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe(200);
    const before = await row(ticket.id);
    await setCustomFields(stack.db, ticket.id, { frozen: true });
    await eventually(async () =>
      expect(
        await stack
          .db('outbox')
          .where({ ticket_id: ticket.id, topic: 'ticket.classification_changed' })
          .whereNotNull('processed_at'),
      ).toHaveLength(1),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await events(ticket.id, 'sla_recalculated')).toHaveLength(0);
    expect((await row(ticket.id)).sla_policy_id).toBe(before.sla_policy_id);
  });
});

describe('assignment rules on custom field values', () => {
  it('route a still-unassigned ticket when the field is set, and leave an assigned one where it is', async () => {
    const specialist = await insertUser(stack.db, {
      email: `specialist-${Date.now()}@test.example`,
      name: 'Specialist',
      role: 'agent',
    });
    const [team] = await stack
      .db('teams')
      .insert({ name: `Enterprise desk ${Date.now()}` })
      .returning('id');
    await stack.db('team_members').insert({ team_id: team.id, user_id: specialist.id, capacity: 20 });
    await stack.db('assignment_rules').insert({
      name: 'Enterprise plan',
      position: 10,
      conditions: JSON.stringify({ customFields: [{ key: 'tier', anyOf: ['enterprise'] }] }),
      team_id: team.id,
      strategy: 'round_robin',
    });

    const waiting = await newTicket();
    expect(await row(waiting.id)).toMatchObject({ team_id: world.teamId, assignee_id: null });
    const taken = await newTicket();
    const claim = await requestJson(api(`/tickets/${taken.id}`), {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { assigneeId: world.agents[0]!.id },
    });
    expect(claim.status).toBe(200);

    await setCustomFields(stack.db, waiting.id, { tier: 'enterprise' });
    await setCustomFields(stack.db, taken.id, { tier: 'enterprise' });
    await eventually(async () =>
      expect(await row(waiting.id)).toMatchObject({ team_id: team.id, assignee_id: specialist.id }),
    );
    const [, rerouted] = await events(waiting.id, 'assigned');
    expect(rerouted).toMatchObject({
      before: { teamId: world.teamId, assigneeId: null },
      after: { teamId: team.id, assigneeId: specialist.id },
    });
    await eventually(async () =>
      expect(
        await stack
          .db('outbox')
          .where({ ticket_id: taken.id, topic: 'ticket.classification_changed' })
          .whereNotNull('processed_at'),
      ).toHaveLength(1),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await row(taken.id)).toMatchObject({ team_id: world.teamId, assignee_id: world.agents[0]!.id });
  });

  it('leave a team an agent chose by hand where it is, while a ticket the rules placed moves', async () => {
    const specialist = await insertUser(stack.db, {
      email: `vip-specialist-${Date.now()}@test.example`,
      name: 'VIP specialist',
      role: 'agent',
    });
    const [vipDesk] = await stack
      .db('teams')
      .insert({ name: `VIP desk ${Date.now()}` })
      .returning('id');
    await stack.db('team_members').insert({ team_id: vipDesk.id, user_id: specialist.id, capacity: 20 });
    await stack.db('assignment_rules').insert({
      name: 'VIP tier',
      position: 5,
      conditions: JSON.stringify({ customFields: [{ key: 'tier', anyOf: ['vip'] }] }),
      team_id: vipDesk.id,
      strategy: 'round_robin',
    });
    // A team nobody works yet: a ticket moved there waits unassigned.
    const [billing] = await stack
      .db('teams')
      .insert({ name: `Billing ${Date.now()}` })
      .returning('id');

    const chosen = await newTicket();
    const moved = await requestJson(api(`/tickets/${chosen.id}`), {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { teamId: billing.id },
    });
    expect(moved.status).toBe(200);
    expect(await row(chosen.id)).toMatchObject({ team_id: billing.id, assignee_id: null });
    const placed = await newTicket();

    await setCustomFields(stack.db, chosen.id, { tier: 'vip' });
    await setCustomFields(stack.db, placed.id, { tier: 'vip' });
    await eventually(async () =>
      expect(await row(placed.id)).toMatchObject({ team_id: vipDesk.id, assignee_id: specialist.id }),
    );
    // The edit's signal is in the chosen ticket's history before this update, whose answer comes
    // after the workflow handled both: nothing about the re-evaluation is still under way.
    await eventually(async () =>
      expect(
        await stack
          .db('outbox')
          .where({ ticket_id: chosen.id, topic: 'ticket.classification_changed' })
          .whereNotNull('processed_at'),
      ).toHaveLength(1),
    );
    const barrier = await requestJson(api(`/tickets/${chosen.id}`), {
      method: 'PATCH',
      headers: world.staff.auth,
      body: { priority: 'high' },
    });
    expect(barrier.status).toBe(200);
    expect(await row(chosen.id)).toMatchObject({ team_id: billing.id, assignee_id: null });
    expect((await events(chosen.id, 'assigned')).map((e) => e.after.teamId)).not.toContain(vipDesk.id);
  });
});

describe('escalation rules on tags', () => {
  it('fire only for tickets that carry the tag', async () => {
    await addPolicy('Outages', { categories: ['outage'] }, 4, 5);
    await addEscalationRule(stack.db, {
      name: 'Tagged outages to managers',
      trigger: 'first_response_breach',
      conditions: { tags: ['escalate'] },
      actions: [{ type: 'notify', roles: ['manager'] }],
    });
    const macro = await addTagMacro('escalate');
    const tagged = await newTicket({ category: 'Outage' });
    const plain = await newTicket({ category: 'Outage' });
    await applyMacro(tagged.id, macro);

    await eventually(async () => expect(await events(tagged.id, 'escalated')).toHaveLength(1));
    await eventually(async () => expect(await events(plain.id, 'sla_breached')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 1000));
    expect(await events(plain.id, 'escalated')).toHaveLength(0);
    expect((await events(tagged.id, 'escalated'))[0].after).toMatchObject({ rule: 'Tagged outages to managers' });
  });
});
