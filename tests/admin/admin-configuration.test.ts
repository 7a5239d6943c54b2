import { beforeAll, describe, expect, it } from 'vitest';
import { openSecret } from '../../db/secret-box.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// Configuration screens: friendly fields validated by the domain schemas, every change audited,
// SLA edits announced to running tickets, secrets encrypted, API keys shown once.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let manager: AdminSession;
let admin: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
  await isolateWorld(stack.db, world);
  [manager, admin] = await Promise.all([adminSession(stack, 'manager'), adminSession(stack, 'admin')]);
});

const audit = (resource: string, recordId: number | string) =>
  stack
    .db('config_changes')
    .where({ resource, record_id: String(recordId) })
    .orderBy('id');

describe('SLA policies', () => {
  it('take targets in hours and minutes, and running tickets get the new deadlines', async () => {
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Slow', description: 'x' },
    });
    const ticketId = res.body.id as number;
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticketId }).first()).resolution_due_at).not.toBeNull(),
    );

    const form = await manager.get(`/api/resources/sla_policies/records/${world.policyId}/edit`);
    expect(form.body.record.params).toMatchObject({
      firstResponseHours: 1,
      firstResponseMinutes: 0,
      resolutionHours: 2,
      resolutionMinutes: 0,
    });
    const saved = await manager.post(`/api/resources/sla_policies/records/${world.policyId}/edit`, {
      ...form.body.record.params,
      resolutionHours: '5',
      resolutionMinutes: '30',
    });
    expect(saved.body.notice.type).toBe('success');
    expect(await stack.db('sla_policies').where({ id: world.policyId }).first()).toMatchObject({
      first_response_target_seconds: 3600,
      resolution_target_seconds: 5.5 * 3600,
    });
    await eventually(async () => {
      const ticket = await stack.db('tickets').where({ id: ticketId }).first();
      expect(ticket.resolution_due_at.getTime() - ticket.created_at.getTime()).toBeCloseTo(5.5 * 3600_000, -4);
    });
    const [change] = await audit('sla_policies', world.policyId);
    expect(change).toMatchObject({ action: 'update', actor_id: manager.userId });
    expect(change.before.resolution_target_seconds).toBe(7200);
    expect(change.after.resolution_target_seconds).toBe(19800);
  });

  it('refuse a resolution target shorter than the first response, naming the field', async () => {
    const form = await manager.get(`/api/resources/sla_policies/records/${world.policyId}/edit`);
    const res = await manager.post(`/api/resources/sla_policies/records/${world.policyId}/edit`, {
      ...form.body.record.params,
      resolutionHours: '0',
      resolutionMinutes: '30',
    });
    expect(res.body.record.errors.resolutionHours.message).toMatch(/must be at least the first response target/);
    expect(res.body.notice.type).toBe('error');
  });
});

describe('business calendars', () => {
  it('edit weekly ranges per day and holidays, refusing overlaps', async () => {
    const created = await manager.post('/api/resources/business_calendars/actions/new', {
      name: 'Lisbon office',
      timezone: 'Europe/Lisbon',
      hours_mon: '09:00-12:30, 13:30-17:00',
      hours_fri: '9:00-15:00',
      holidaysText: '2026-12-25 Christmas Day\n2027-01-01',
    });
    expect(created.body.notice.type).toBe('success');
    const row = await stack.db('business_calendars').where({ name: 'Lisbon office' }).first();
    expect(row).toMatchObject({
      timezone: 'Europe/Lisbon',
      weekly_hours: {
        mon: [
          ['09:00', '12:30'],
          ['13:30', '17:00'],
        ],
        fri: [['09:00', '15:00']],
      },
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }, { date: '2027-01-01' }],
    });
    expect(created.body.record.params.id).toBe(row.id);
    expect((await audit('business_calendars', row.id))[0]).toMatchObject({ action: 'create' });

    const overlap = await manager.post(`/api/resources/business_calendars/records/${row.id}/edit`, {
      name: 'Lisbon office',
      timezone: 'Europe/Lisbon',
      hours_mon: '09:00-13:00, 12:00-17:00',
    });
    expect(overlap.body.record.errors.hours_mon.message).toMatch(/overlaps 09:00–13:00/);
    const garbled = await manager.post(`/api/resources/business_calendars/records/${row.id}/edit`, {
      name: 'Lisbon office',
      timezone: 'Europe/Lisbon',
      hours_tue: 'mornings',
    });
    expect(garbled.body.record.errors.hours_tue.message).toMatch(/write ranges like 09:00-12:30/);
  });
});

describe('escalation rules', () => {
  it('are edited as trigger, conditions, actions and level, and contradictory ones are refused', async () => {
    const created = await manager.post('/api/resources/escalation_rules/actions/new', {
      name: 'Wake the lead',
      trigger: 'resolution_breach',
      delayMinutes: '15',
      level: '2',
      active: 'true',
      'conditionPriorities.0': 'high',
      notifyTarget: 'team_lead',
      raisePriority: 'true',
    });
    expect(created.body.notice.type).toBe('success');
    const rule = await stack.db('escalation_rules').where({ name: 'Wake the lead' }).first();
    expect(rule).toMatchObject({
      trigger: 'resolution_breach',
      delay_seconds: 900,
      level: 2,
      conditions: { priorities: ['high'], teamIds: [], organizationIds: [] },
      actions: [{ type: 'notify', target: 'team_lead' }, { type: 'raise_priority' }],
    });

    const contradictory = await manager.post(`/api/resources/escalation_rules/records/${rule.id}/edit`, {
      name: 'Wake the lead',
      trigger: 'resolution_breach',
      delayMinutes: '15',
      level: '2',
      active: 'true',
      'conditionPriorities.0': 'urgent',
      raisePriority: 'true',
      reassignTeamId: String(world.teamId),
      reassignUserId: String(world.agents[0]!.id),
    });
    expect(contradictory.body.record.errors.reassignTeamId.message).toMatch(/names both teamId and userId/);
    expect(contradictory.body.record.errors.raisePriority.message).toMatch(
      /cannot raise the priority: the rule only matches urgent tickets/,
    );
    expect((await stack.db('escalation_rules').where({ id: rule.id }).first()).conditions.priorities).toEqual(['high']);
    expect((await audit('escalation_rules', rule.id)).map((c) => c.action)).toEqual(['create']);
  });
});

describe('people', () => {
  it('making an agent unavailable hands their open tickets to a teammate', async () => {
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Who has it?', description: 'x' },
    });
    const ticketId = res.body.id as number;
    const assigned = await eventually(async () => {
      const t = await stack.db('tickets').where({ id: ticketId }).first();
      expect(t.assignee_id).not.toBeNull();
      return t.assignee_id as number;
    });
    const membership = await stack.db('team_members').where({ team_id: world.teamId, user_id: assigned }).first();
    const saved = await manager.post(`/api/resources/team_members/records/${membership.id}/edit`, {
      team_id: String(world.teamId),
      user_id: String(assigned),
      capacity: '20',
      available: 'false',
    });
    expect(saved.body.notice.type).toBe('success');
    await eventually(async () => {
      const t = await stack.db('tickets').where({ id: ticketId }).first();
      expect(t.assignee_id).not.toBe(assigned);
      expect(t.assignee_id).not.toBeNull();
    });
  });
});

describe('integrations', () => {
  it('store channel secrets encrypted and show only their last 4 characters', async () => {
    const webhook = 'https://outlook.office.com/webhook/abc/IncomingWebhook/def/ghij';
    const created = await admin.post('/api/resources/notification_channels/actions/new', {
      name: 'Teams: escalations',
      kind: 'teams',
      team_id: String(world.teamId),
      secret: webhook,
      active: 'true',
    });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    const row = await stack.db('notification_channels').where({ name: 'Teams: escalations' }).first();
    expect(row.secret_ciphertext).not.toContain('outlook');
    expect(openSecret(stack.appSecretKey, row.secret_ciphertext)).toBe(webhook);
    expect(row.secret_last4).toBe('ghij');
    const shown = await admin.get(`/api/resources/notification_channels/records/${row.id}/show`);
    expect(JSON.stringify(shown.body)).not.toContain('outlook');
    expect(JSON.stringify(shown.body)).not.toContain(row.secret_ciphertext);
    const edit = await admin.get(`/api/resources/notification_channels/records/${row.id}/edit`);
    expect(JSON.stringify(edit.body)).not.toContain(row.secret_ciphertext);
    // Saving without a new secret keeps the old one.
    await admin.post(`/api/resources/notification_channels/records/${row.id}/edit`, {
      name: 'Teams: escalations',
      kind: 'teams',
      team_id: String(world.teamId),
      secret: '',
      active: 'true',
    });
    expect((await stack.db('notification_channels').where({ id: row.id }).first()).secret_ciphertext).toBe(
      row.secret_ciphertext,
    );
    const [change] = await audit('notification_channels', row.id);
    expect(JSON.stringify(change)).not.toContain(row.secret_ciphertext);
  });

  it('create API keys shown once, and revoke them', async () => {
    const created = await admin.post('/api/resources/api_keys/actions/createKey', {
      name: 'CRM sync',
      userId: String(world.agents[0]!.id),
      scopes: 'tickets:read',
    });
    expect(created.body.key).toMatch(/^tf_[a-z0-9]{8}_/);
    const auth = { authorization: `Bearer ${created.body.key}` };
    expect((await requestJson(`${stack.baseUrl}/api/me`, { headers: auth })).status).toBe(200);
    const row = await stack.db('api_keys').where({ prefix: created.body.prefix }).first();
    expect(row.scopes).toEqual(['tickets:read']);
    const listed = await admin.get('/api/resources/api_keys/actions/list');
    expect(JSON.stringify(listed.body)).not.toContain(row.secret_hash);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const revoked = await admin.post(`/api/resources/api_keys/records/${row.id}/revoke`);
    expect(revoked.body.notice.type).toBe('success');
    expect((await requestJson(`${stack.baseUrl}/api/me`, { headers: auth })).status).toBe(401);
  });
});
