import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// A manager writes category, tag and custom field conditions on the rule forms as plain text; what
// cannot be read or makes no sense is refused naming the field (and the line).
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let manager: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { firstResponseSeconds: 3600, resolutionSeconds: 7200 });
  await isolateWorld(stack.db, world);
  manager = await adminSession(stack, 'manager');
  // The fields the conditions below name: a rule may only name fields that exist.
  await stack.db('custom_fields').insert([
    { key: 'plan', label: 'Plan', type: 'single_select', options: JSON.stringify(['gold', 'platinum', 'silver']) },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'contract_signed', label: 'Contract signed', type: 'checkbox' },
    { key: 'products', label: 'Products', type: 'multi_select', options: JSON.stringify(['api', 'portal']) },
    { key: 'renewal_on', label: 'Renewal on', type: 'date' },
    { key: 'tier', label: 'Tier', type: 'text' },
    { key: 'severity', label: 'Severity', type: 'number' },
  ]);
});

const policyForm = {
  name: 'VIP and gold plans',
  position: '10',
  active: 'true',
  calendar_id: '',
  firstResponseHours: '0',
  firstResponseMinutes: '15',
  resolutionHours: '1',
  resolutionMinutes: '0',
  conditionCategories: '',
  conditionTags: 'vip, Key account',
  conditionCustomFields: 'plan: gold, platinum\nseats: 50\ncontract_signed: true',
  pausePending: 'true',
  pauseOnHold: 'true',
  warningPercents: '75',
};

describe('rule conditions in the back office', () => {
  it('an SLA policy takes tags and custom field values as text, shows them back, and applies to a running ticket tagged later', async () => {
    const created = await manager.post('/api/resources/sla_policies/actions/new', {
      ...policyForm,
      calendar_id: String(world.calendarId),
    });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    const policy = await stack.db('sla_policies').where({ name: policyForm.name }).first();
    expect(policy.conditions).toMatchObject({
      categories: [],
      tags: ['vip', 'Key account'],
      customFields: [
        { key: 'plan', anyOf: ['gold', 'platinum'] },
        { key: 'seats', anyOf: [50] },
        { key: 'contract_signed', anyOf: [true] },
      ],
    });
    const form = await manager.get(`/api/resources/sla_policies/records/${policy.id}/edit`);
    expect(form.body.record.params).toMatchObject({
      conditionTags: 'vip, Key account',
      conditionCustomFields: 'plan: gold, platinum\nseats: 50\ncontract_signed: true',
    });

    // A ticket on the default policy, until it has one of the tags and every custom field line matches.
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Key account down', description: 'x' },
    });
    const ticketId = res.body.id as number;
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticketId }).first()).sla_policy_id).toBe(world.policyId),
    );
    const [macro] = await stack
      .db('macros')
      .insert({ name: 'Key account', add_tags: ['key account'] })
      .returning('id');
    // Its custom field values are set first (no signal: written straight to the row), then the macro's tag.
    await stack
      .db('tickets')
      .where({ id: ticketId })
      .update({ custom_fields: JSON.stringify({ plan: 'platinum', seats: 50, contract_signed: true }) });
    const applied = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/macros/${macro.id}`, {
      method: 'POST',
      headers: world.staff.auth,
    });
    expect(applied.status).toBe(200);
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticketId }).first()).sla_policy_id).toBe(policy.id),
    );
  });

  it('a policy created for a custom field value takes over the running tickets that already hold it', async () => {
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Renewal due', description: 'x' },
    });
    const ticketId = res.body.id as number;
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticketId }).first()).sla_policy_id).toBe(world.policyId),
    );
    await stack
      .db('tickets')
      .where({ id: ticketId })
      .update({ custom_fields: JSON.stringify({ renewal_on: '2027-01-31', products: ['api', 'portal'] }) });

    const created = await manager.post('/api/resources/sla_policies/actions/new', {
      ...policyForm,
      name: 'Portal renewals',
      calendar_id: String(world.calendarId),
      conditionTags: '',
      conditionCustomFields: 'products: portal\nrenewal_on: 2027-01-31',
    });
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    const policy = await stack.db('sla_policies').where({ name: 'Portal renewals' }).first();
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticketId }).first()).sla_policy_id).toBe(policy.id),
    );
  });

  it('refuses unreadable or contradictory conditions naming the field and the line', async () => {
    const post = (changes: Record<string, string>) =>
      manager.post('/api/resources/sla_policies/actions/new', {
        ...policyForm,
        name: 'Refused',
        calendar_id: String(world.calendarId),
        ...changes,
      });
    const noColon = await post({ conditionCustomFields: 'plan: gold\nregion emea' });
    expect(noColon.body.record.errors.conditionCustomFields.message).toBe(
      'line 2 ("region emea") needs a colon between the field key and its values, e.g. plan: gold',
    );
    expect(noColon.body.notice.message).toMatch(/^Not saved: Only when custom fields hold: line 2/);
    const badKey = await post({ conditionCustomFields: 'Plan Name: gold' });
    expect(badKey.body.record.errors.conditionCustomFields.message).toBe(
      'line 1: the field key must be the key of a custom field: a lowercase slug such as plan or product_area',
    );
    const noValues = await post({ conditionCustomFields: 'plan:' });
    expect(noValues.body.record.errors.conditionCustomFields.message).toBe(
      'line 1: the values must list at least one value the field may hold',
    );
    const twice = await post({ conditionCustomFields: 'plan: gold\nplan: silver' });
    expect(twice.body.record.errors.conditionCustomFields.message).toBe(
      'line 2: the field key repeats the field plan; list all its values in one condition',
    );
    const unknownField = await post({ conditionCustomFields: 'plna: gold' });
    expect(unknownField.body.record.errors.conditionCustomFields.message).toBe(
      '"plna" is not a custom field (the fields are contract_signed, plan, products, renewal_on, seats, severity, tier)',
    );
    expect(unknownField.body.notice.message).toBe(
      'Not saved: Only when custom fields hold: "plna" is not a custom field (the fields are contract_signed, plan, products, renewal_on, seats, severity, tier).',
    );
    const impossible = await post({ conditionCustomFields: 'plan: gld\nseats: fifty' });
    expect(impossible.body.record.errors.conditionCustomFields.message).toBe(
      'plan: "gld" is not one of its options (gold, platinum, silver)',
    );
    expect(impossible.body.notice.message).toMatch(/; Only when custom fields hold: seats: "fifty" is not a number\.$/);
    const freeTags = (allowed: boolean) =>
      stack.db('ticket_settings').insert({ id: 1, free_tags_allowed: allowed }).onConflict('id').merge();
    await freeTags(false);
    await stack.db('tags').insert({ name: 'vip' });
    const offTheList = await post({ conditionTags: 'vip, vipp' });
    await freeTags(true);
    expect(offTheList.body.record.errors.conditionTags.message).toBe(
      '"vipp" is not in the tag list (free tags are off)',
    );
    const repeatedTag = await post({ conditionTags: 'vip, VIP' });
    expect(repeatedTag.body.record.errors.conditionTags.message).toBe('repeats VIP');
    expect(await stack.db('sla_policies').where({ name: 'Refused' })).toHaveLength(0);
  });

  it('assignment and escalation rules take the same conditions', async () => {
    const rule = await manager.post('/api/resources/assignment_rules/actions/new', {
      name: 'Enterprise desk',
      position: '5',
      active: 'true',
      team_id: String(world.teamId),
      strategy: 'round_robin',
      conditionCategories: 'Billing',
      conditionTags: 'enterprise',
      conditionCustomFields: 'tier: enterprise',
    });
    expect(rule.body.notice, JSON.stringify(rule.body.record?.errors)).toMatchObject({ type: 'success' });
    expect((await stack.db('assignment_rules').where({ name: 'Enterprise desk' }).first()).conditions).toMatchObject({
      categories: ['Billing'],
      tags: ['enterprise'],
      customFields: [{ key: 'tier', anyOf: ['enterprise'] }],
    });

    const escalation = await manager.post('/api/resources/escalation_rules/actions/new', {
      name: 'Outage to managers',
      trigger: 'first_response_breach',
      level: '1',
      active: 'true',
      conditionCategories: 'outage',
      conditionTags: 'escalate',
      conditionCustomFields: 'severity: 1, 2',
      notifyRoles: 'manager',
    });
    expect(escalation.body.notice, JSON.stringify(escalation.body.record?.errors)).toMatchObject({ type: 'success' });
    expect((await stack.db('escalation_rules').where({ name: 'Outage to managers' }).first()).conditions).toMatchObject(
      {
        categories: ['outage'],
        tags: ['escalate'],
        customFields: [{ key: 'severity', anyOf: [1, 2] }],
      },
    );
    const refused = await manager.post('/api/resources/escalation_rules/actions/new', {
      name: 'Bad',
      trigger: 'first_response_breach',
      conditionCustomFields: 'severity',
      notifyRoles: 'manager',
    });
    expect(refused.body.record.errors.conditionCustomFields.message).toMatch(/^line 1 \("severity"\) needs a colon/);
  });
});
