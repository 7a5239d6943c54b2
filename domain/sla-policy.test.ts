import { describe, expect, it } from 'vitest';
import { type SlaPolicy, selectSlaPolicy, slaConditionsSchema, slaPolicyInputSchema } from './sla-policy.js';

const hours = 3600;
const acme = 7;
const globex = 8;
const policy = (p: Partial<SlaPolicy> & Pick<SlaPolicy, 'id' | 'name' | 'position'>): SlaPolicy => ({
  active: true,
  conditions: {},
  firstResponseTargetSeconds: 8 * hours,
  resolutionTargetSeconds: 40 * hours,
  calendarId: 1,
  pauseStatuses: ['pending', 'on_hold'],
  warningThresholds: [0.75],
  ...p,
});
// The demo seed's policies, listed out of order on purpose.
const standard = policy({ id: 3, name: 'Standard', position: 1000 });
const urgent = policy({ id: 1, name: 'Urgent incidents', position: 10, conditions: { priorities: ['urgent'] } });
const acmePremium = policy({ id: 2, name: 'Acme premium', position: 20, conditions: { organizationIds: [acme] } });
const seeded = [standard, acmePremium, urgent];

const issues = (input: unknown) => {
  const result = slaPolicyInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const valid = {
  name: 'Standard',
  firstResponseTargetSeconds: 8 * hours,
  resolutionTargetSeconds: 40 * hours,
  calendarId: 1,
};

describe('selectSlaPolicy', () => {
  it('gives an urgent ticket the urgent policy, even from an organization with its own policy', () => {
    expect(selectSlaPolicy(seeded, { priority: 'urgent', organizationId: acme, teamId: null })).toBe(urgent);
  });

  it('gives Acme’s normal tickets Acme’s policy and everyone else’s the catch-all', () => {
    expect(selectSlaPolicy(seeded, { priority: 'normal', organizationId: acme, teamId: 1 })).toBe(acmePremium);
    expect(selectSlaPolicy(seeded, { priority: 'normal', organizationId: globex, teamId: 1 })).toBe(standard);
    expect(selectSlaPolicy(seeded, { priority: 'low', organizationId: null, teamId: null })).toBe(standard);
  });

  it('skips inactive policies', () => {
    expect(
      selectSlaPolicy([standard, { ...urgent, active: false }], {
        priority: 'urgent',
        organizationId: null,
        teamId: null,
      }),
    ).toBe(standard);
  });

  it('breaks a tie in position by the lower id', () => {
    const a = policy({ id: 5, name: 'A', position: 10 });
    const b = policy({ id: 4, name: 'B', position: 10 });
    expect(selectSlaPolicy([a, b], { priority: 'normal', organizationId: null, teamId: null })).toBe(b);
  });

  it('needs every named condition to match, and a ticket without a team or organization never matches a list of them', () => {
    const billingHigh = policy({
      id: 9,
      name: 'Billing high',
      position: 1,
      conditions: { priorities: ['high', 'urgent'], teamIds: [2] },
    });
    const ticket = { priority: 'high' as const, organizationId: null, teamId: 2 };
    expect(selectSlaPolicy([billingHigh, standard], ticket)).toBe(billingHigh);
    expect(selectSlaPolicy([billingHigh, standard], { ...ticket, priority: 'normal' })).toBe(standard);
    expect(selectSlaPolicy([billingHigh, standard], { ...ticket, teamId: null })).toBe(standard);
    expect(selectSlaPolicy([acmePremium], { priority: 'normal', organizationId: null, teamId: null })).toBeNull();
  });

  it('treats empty condition lists as matching any ticket', () => {
    const empty = policy({
      id: 10,
      name: 'Empty lists',
      position: 1,
      conditions: { priorities: [], organizationIds: [], teamIds: [] },
    });
    expect(selectSlaPolicy([empty], { priority: 'low', organizationId: null, teamId: null })).toBe(empty);
  });

  it('gives tagged tickets and tickets with a custom field value their own policy, others keep the catch-all', () => {
    const vip = policy({ id: 11, name: 'VIP', position: 5, conditions: { tags: ['vip'] } });
    const gold = policy({
      id: 12,
      name: 'Gold plan billing',
      position: 6,
      conditions: { categories: ['billing'], customFields: [{ key: 'plan', anyOf: ['gold'] }] },
    });
    const ticket = { priority: 'normal' as const, organizationId: null, teamId: null };
    const policies = [standard, gold, vip];
    expect(selectSlaPolicy(policies, ticket)).toBe(standard);
    expect(selectSlaPolicy(policies, { ...ticket, tags: ['VIP'] })).toBe(vip);
    expect(selectSlaPolicy(policies, { ...ticket, category: 'Billing', customFields: { plan: 'gold' } })).toBe(gold);
    expect(selectSlaPolicy(policies, { ...ticket, category: null, customFields: { plan: 'gold' } })).toBe(standard);
  });

  it('returns null when no policy applies', () => {
    expect(selectSlaPolicy([], { priority: 'normal', organizationId: null, teamId: null })).toBeNull();
    expect(selectSlaPolicy([urgent], { priority: 'normal', organizationId: null, teamId: null })).toBeNull();
  });
});

describe('slaPolicyInputSchema', () => {
  it('fills in the usual defaults: active, position 100, any ticket, paused while waiting, a warning at 75%', () => {
    expect(slaPolicyInputSchema.parse(valid)).toEqual({
      ...valid,
      position: 100,
      active: true,
      conditions: {},
      pauseStatuses: ['pending', 'on_hold'],
      warningThresholds: [0.75],
    });
  });

  it('accepts a resolution target equal to the first response target, and no pause at all', () => {
    expect(issues({ ...valid, resolutionTargetSeconds: 8 * hours, pauseStatuses: [] })).toEqual([]);
  });

  it('refuses targets of zero, negative or fractional seconds', () => {
    expect(issues({ ...valid, firstResponseTargetSeconds: 0 })).toEqual([
      { path: 'firstResponseTargetSeconds', message: 'must be more than 0 seconds' },
    ]);
    expect(issues({ ...valid, resolutionTargetSeconds: -5 })).toContainEqual({
      path: 'resolutionTargetSeconds',
      message: 'must be more than 0 seconds',
    });
    expect(issues({ ...valid, firstResponseTargetSeconds: 1.5 })).toEqual([
      { path: 'firstResponseTargetSeconds', message: 'must be a whole number of seconds' },
    ]);
  });

  it('refuses a resolution target shorter than the first response target', () => {
    expect(issues({ ...valid, firstResponseTargetSeconds: 8 * hours, resolutionTargetSeconds: 4 * hours })).toEqual([
      {
        path: 'resolutionTargetSeconds',
        message: 'must be at least the first response target: a ticket cannot be resolved before it is answered',
      },
    ]);
  });

  it('refuses warning thresholds outside (0, 1), out of order or repeated', () => {
    expect(issues({ ...valid, warningThresholds: [0, 0.5, 1] })).toEqual([
      { path: 'warningThresholds.0', message: 'must be a fraction between 0 and 1, e.g. 0.75' },
      { path: 'warningThresholds.2', message: 'must be a fraction between 0 and 1, e.g. 0.75' },
    ]);
    expect(issues({ ...valid, warningThresholds: [0.75, 0.5] })).toEqual([
      { path: 'warningThresholds.1', message: 'must be larger than 0.75; list thresholds in increasing order' },
    ]);
    expect(issues({ ...valid, warningThresholds: [0.5, 0.5] })).toEqual([
      { path: 'warningThresholds.1', message: 'repeats 0.5' },
    ]);
  });

  it('lets only waiting statuses pause the clock', () => {
    expect(issues({ ...valid, pauseStatuses: ['pending', 'open'] })).toEqual([
      { path: 'pauseStatuses.1', message: 'must be pending or on_hold: only waiting statuses pause the clock' },
    ]);
    expect(issues({ ...valid, pauseStatuses: ['pending', 'pending'] })).toEqual([
      { path: 'pauseStatuses', message: 'must name each status once' },
    ]);
  });

  it('refuses unknown priorities, repeated ids and unknown condition fields', () => {
    expect(issues({ ...valid, conditions: { priorities: ['critical'] } })).toEqual([
      { path: 'conditions.priorities.0', message: 'must be one of low, normal, high, urgent' },
    ]);
    expect(issues({ ...valid, conditions: { organizationIds: [7, 7] } })).toEqual([
      { path: 'conditions.organizationIds.1', message: 'repeats 7' },
    ]);
    expect(slaConditionsSchema.safeParse({ priority: ['urgent'] }).success).toBe(false);
    expect(issues({ ...valid, conditions: { customFields: [{ key: 'plan', anyOf: [] }] } })).toEqual([
      { path: 'conditions.customFields.0.anyOf', message: 'must list at least one value the field may hold' },
    ]);
  });
});
