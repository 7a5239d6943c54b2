import { describe, expect, it } from 'vitest';
import { type EscalationRule, escalationRuleInputSchema, raisePriority, ruleMatches } from './escalation-rules.js';

const issues = (input: unknown) => {
  const result = escalationRuleInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const notifyLead = { type: 'notify', target: 'team_lead' } as const;
const valid = { name: 'Warn the team lead', trigger: 'sla_warning', actions: [notifyLead] };

describe('escalationRuleInputSchema', () => {
  it('accepts every rule of the demo seed', () => {
    const seeded = [
      {
        name: 'Warn the team lead',
        trigger: 'sla_warning',
        level: 1,
        conditions: {},
        actions: [{ type: 'notify', target: 'team_lead' }],
      },
      {
        name: 'First response missed',
        trigger: 'first_response_breach',
        level: 2,
        conditions: {},
        actions: [{ type: 'notify', roles: ['manager'] }, { type: 'raise_priority' }],
      },
      {
        name: 'Still unresolved 30 minutes after breach',
        trigger: 'resolution_breach',
        delaySeconds: 1800,
        level: 3,
        conditions: { priorities: ['high', 'urgent'] },
        actions: [
          { type: 'notify', roles: ['manager', 'admin'] },
          { type: 'reassign', target: 'team_lead' },
        ],
      },
      {
        name: 'Stale ticket nudge',
        trigger: 'no_update',
        delaySeconds: 48 * 3600,
        level: 1,
        conditions: {},
        actions: [{ type: 'notify', target: 'assignee' }],
      },
    ];
    for (const rule of seeded) expect(issues(rule)).toEqual([]);
  });

  it('fills in the defaults: no delay, level 1, active, any ticket', () => {
    expect(escalationRuleInputSchema.parse(valid)).toEqual({
      ...valid,
      delaySeconds: 0,
      level: 1,
      active: true,
      conditions: {},
    });
  });

  it('refuses a rule that does nothing', () => {
    expect(issues({ ...valid, actions: [] })).toEqual([{ path: 'actions', message: 'must have at least one action' }]);
  });

  it('refuses a notification to nobody', () => {
    const message = 'names no recipient; set userIds, roles or target (team_lead or assignee)';
    expect(issues({ ...valid, actions: [{ type: 'notify' }] })).toEqual([{ path: 'actions.0', message }]);
    expect(issues({ ...valid, actions: [notifyLead, { type: 'notify', userIds: [], roles: [] }] })).toEqual([
      { path: 'actions.1', message },
    ]);
    expect(issues({ ...valid, actions: [{ type: 'notify', userIds: [4] }] })).toEqual([]);
  });

  it('refuses a reassignment to both a team and a person, to a person and the team lead, or to nowhere', () => {
    expect(issues({ ...valid, actions: [{ type: 'reassign', teamId: 2, userId: 5 }] })).toEqual([
      { path: 'actions.0', message: 'names both teamId and userId; reassign to a team or to a person, not both' },
    ]);
    expect(issues({ ...valid, actions: [{ type: 'reassign', userId: 5, target: 'team_lead' }] })).toEqual([
      {
        path: 'actions.0',
        message: 'names both userId and target; reassign to a person or to the team lead, not both',
      },
    ]);
    expect(issues({ ...valid, actions: [{ type: 'reassign' }] })).toEqual([
      { path: 'actions.0', message: 'names no destination; set teamId, userId or target "team_lead"' },
    ]);
    expect(issues({ ...valid, actions: [{ type: 'reassign', teamId: 2, target: 'team_lead' }] })).toEqual([]);
  });

  it('refuses a no_update rule without a delay, since the delay is the idle time', () => {
    const message = 'must be more than 0 for a no_update rule: it is how long a ticket may go without an update';
    expect(issues({ ...valid, trigger: 'no_update' })).toEqual([{ path: 'delaySeconds', message }]);
    expect(issues({ ...valid, trigger: 'no_update', delaySeconds: 0 })).toEqual([{ path: 'delaySeconds', message }]);
    expect(issues({ ...valid, trigger: 'sla_warning', delaySeconds: 0 })).toEqual([]);
  });

  it('refuses the same action twice, whatever the order of its keys or roles', () => {
    expect(
      issues({
        ...valid,
        actions: [
          { type: 'notify', roles: ['manager', 'admin'] },
          { type: 'raise_priority' },
          { roles: ['admin', 'manager'], type: 'notify' },
        ],
      }),
    ).toEqual([{ path: 'actions.2', message: 'repeats actions.0' }]);
    expect(issues({ ...valid, actions: [{ type: 'raise_priority' }, { type: 'raise_priority' }] })).toEqual([
      { path: 'actions.1', message: 'repeats actions.0' },
    ]);
  });

  it('refuses raising the priority on a rule that only matches urgent tickets', () => {
    expect(
      issues({ ...valid, conditions: { priorities: ['urgent'] }, actions: [notifyLead, { type: 'raise_priority' }] }),
    ).toEqual([
      {
        path: 'actions.1',
        message: 'cannot raise the priority: the rule only matches urgent tickets, which are already the most urgent',
      },
    ]);
    expect(
      issues({ ...valid, conditions: { priorities: ['high', 'urgent'] }, actions: [{ type: 'raise_priority' }] }),
    ).toEqual([]);
  });

  it('refuses levels below 1, unknown triggers, roles and action types', () => {
    expect(issues({ ...valid, level: 0 })).toEqual([{ path: 'level', message: 'must be 1 or more' }]);
    expect(issues({ ...valid, trigger: 'sla_breach' })).toEqual([
      { path: 'trigger', message: 'must be one of sla_warning, first_response_breach, resolution_breach, no_update' },
    ]);
    expect(issues({ ...valid, actions: [{ type: 'notify', roles: ['boss'] }] })).toContainEqual({
      path: 'actions.0.roles.0',
      message: 'must be one of admin, manager, agent, customer',
    });
    expect(issues({ ...valid, actions: [{ type: 'page_someone' }] })).toEqual([
      { path: 'actions.0.type', message: 'must be an action of type notify, reassign or raise_priority' },
    ]);
  });
});

describe('ruleMatches', () => {
  const rule: EscalationRule = {
    id: 1,
    name: 'High for team 2 of Acme',
    trigger: 'resolution_breach',
    delaySeconds: 0,
    level: 1,
    active: true,
    conditions: { priorities: ['high', 'urgent'], teamIds: [2], organizationIds: [7] },
    actions: [notifyLead],
  };
  const ticket = { priority: 'high' as const, teamId: 2, organizationId: 7 };

  it('matches a ticket that meets every condition', () => {
    expect(ruleMatches(rule, ticket)).toBe(true);
  });

  it('does not match when any one condition fails, or the ticket lacks the team or organization', () => {
    expect(ruleMatches(rule, { ...ticket, priority: 'normal' })).toBe(false);
    expect(ruleMatches(rule, { ...ticket, teamId: 3 })).toBe(false);
    expect(ruleMatches(rule, { ...ticket, teamId: null })).toBe(false);
    expect(ruleMatches(rule, { ...ticket, organizationId: null })).toBe(false);
  });

  it('matches any ticket when conditions are empty, and none when the rule is inactive', () => {
    expect(ruleMatches({ ...rule, conditions: {} }, { priority: 'low', teamId: null, organizationId: null })).toBe(
      true,
    );
    expect(ruleMatches({ ...rule, active: false }, ticket)).toBe(false);
  });

  it('applies a rule with a tag or custom field condition only to tickets that have it', () => {
    const tagged = { ...rule, conditions: { tags: ['vip'] } };
    const base = { priority: 'low' as const, teamId: null, organizationId: null };
    expect(ruleMatches(tagged, base)).toBe(false);
    expect(ruleMatches(tagged, { ...base, tags: ['billing', 'VIP'] })).toBe(true);
    const onPlan = { ...rule, conditions: { customFields: [{ key: 'plan', anyOf: ['gold'] }] } };
    expect(ruleMatches(onPlan, { ...base, customFields: { plan: 'gold' } })).toBe(true);
    expect(ruleMatches(onPlan, { ...base, customFields: {} })).toBe(false);
  });
});

describe('raisePriority', () => {
  it('raises one step at a time and keeps urgent urgent', () => {
    expect(raisePriority('low')).toBe('normal');
    expect(raisePriority('normal')).toBe('high');
    expect(raisePriority('high')).toBe('urgent');
    expect(raisePriority('urgent')).toBe('urgent');
  });
});
