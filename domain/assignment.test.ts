import { describe, expect, it } from 'vitest';
import {
  type AssignmentCandidate,
  type AssignmentRule,
  assignmentRuleInputSchema,
  pickAssignee,
  selectAssignmentRule,
} from './assignment.js';

const agent = (userId: number, c: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  userId,
  available: true,
  active: true,
  capacity: 10,
  openTickets: 0,
  ...c,
});

describe('pickAssignee, round robin', () => {
  const team = [agent(30), agent(10), agent(20)];

  it('goes round the team in ascending id order, whatever order the members come in', () => {
    expect(pickAssignee('round_robin', team, null)).toBe(10);
    expect(pickAssignee('round_robin', team, 10)).toBe(20);
    expect(pickAssignee('round_robin', team, 20)).toBe(30);
    expect(pickAssignee('round_robin', team, 30)).toBe(10);
  });

  it('skips agents who are away, deactivated or at capacity', () => {
    const busy = [
      agent(10),
      agent(20, { available: false }),
      agent(30, { active: false }),
      agent(40, { capacity: 5, openTickets: 5 }),
      agent(50),
    ];
    expect(pickAssignee('round_robin', busy, 10)).toBe(50);
  });

  it('continues after an agent who has left the team', () => {
    expect(pickAssignee('round_robin', team, 15)).toBe(20);
    expect(pickAssignee('round_robin', team, 99)).toBe(10);
  });

  it('gives the only eligible agent every ticket', () => {
    expect(pickAssignee('round_robin', [agent(10), agent(20, { available: false })], 10)).toBe(10);
  });
});

describe('pickAssignee, least open', () => {
  it('picks the agent with the fewest open tickets, the lowest id on a tie', () => {
    expect(
      pickAssignee(
        'least_open',
        [agent(10, { openTickets: 3 }), agent(20, { openTickets: 1 }), agent(30, { openTickets: 2 })],
        null,
      ),
    ).toBe(20);
    expect(
      pickAssignee(
        'least_open',
        [agent(30, { openTickets: 1 }), agent(20, { openTickets: 1 }), agent(10, { openTickets: 2 })],
        20,
      ),
    ).toBe(20);
  });

  it('ignores agents who are away, deactivated or full, however few tickets they have', () => {
    expect(
      pickAssignee(
        'least_open',
        [
          agent(10, { openTickets: 0, available: false }),
          agent(20, { openTickets: 0, active: false }),
          agent(30, { openTickets: 0, capacity: 0 }),
          agent(40, { openTickets: 8 }),
        ],
        null,
      ),
    ).toBe(40);
  });
});

describe('pickAssignee, nobody to pick', () => {
  it('leaves manual teams to a person', () => {
    expect(pickAssignee('manual', [agent(10)], null)).toBeNull();
  });

  it('returns null when no one is eligible or the team is empty', () => {
    const unavailable = [agent(10, { available: false }), agent(20, { openTickets: 10 })];
    expect(pickAssignee('round_robin', unavailable, 10)).toBeNull();
    expect(pickAssignee('least_open', unavailable, null)).toBeNull();
    expect(pickAssignee('round_robin', [], null)).toBeNull();
  });
});

describe('selectAssignmentRule', () => {
  const rule = (r: Partial<AssignmentRule> & Pick<AssignmentRule, 'id' | 'position'>): AssignmentRule => ({
    name: `rule ${r.id}`,
    active: true,
    conditions: {},
    teamId: 1,
    strategy: 'round_robin',
    ...r,
  });
  // The demo seed's rules, listed out of order on purpose.
  const everythingElse = rule({ id: 2, name: 'Everything else', position: 1000 });
  const billing = rule({
    id: 1,
    name: 'Billing questions',
    position: 10,
    conditions: { categories: ['billing'] },
    teamId: 2,
    strategy: 'least_open',
  });
  const seeded = [everythingElse, billing];
  const ticket = { category: 'billing' as string | null, priority: 'normal' as const, organizationId: null };

  it('routes billing questions to Billing and everything else to Support', () => {
    expect(selectAssignmentRule(seeded, ticket)).toBe(billing);
    expect(selectAssignmentRule(seeded, { ...ticket, category: 'bug' })).toBe(everythingElse);
    expect(selectAssignmentRule(seeded, { ...ticket, category: null })).toBe(everythingElse);
  });

  it('matches categories regardless of case and surrounding spaces', () => {
    expect(selectAssignmentRule(seeded, { ...ticket, category: ' Billing' })).toBe(billing);
  });

  it('needs every named condition to match, and skips inactive rules', () => {
    const acmeUrgent = rule({ id: 3, position: 1, conditions: { priorities: ['urgent'], organizationIds: [7] } });
    expect(selectAssignmentRule([acmeUrgent, ...seeded], { ...ticket, priority: 'urgent', organizationId: 7 })).toBe(
      acmeUrgent,
    );
    expect(selectAssignmentRule([acmeUrgent, ...seeded], { ...ticket, priority: 'urgent', organizationId: null })).toBe(
      billing,
    );
    expect(selectAssignmentRule([{ ...billing, active: false }, everythingElse], ticket)).toBe(everythingElse);
  });

  it('routes by tags and custom field values before the catch-all', () => {
    const enterprise = rule({
      id: 4,
      position: 5,
      conditions: { customFields: [{ key: 'plan', anyOf: ['enterprise'] }] },
      teamId: 3,
    });
    const outages = rule({ id: 5, position: 6, conditions: { tags: ['outage'] }, teamId: 4 });
    const rules = [...seeded, outages, enterprise];
    expect(selectAssignmentRule(rules, { ...ticket, category: null })).toBe(everythingElse);
    expect(selectAssignmentRule(rules, { ...ticket, customFields: { plan: 'enterprise' } })).toBe(enterprise);
    expect(selectAssignmentRule(rules, { ...ticket, category: null, tags: ['Outage'] })).toBe(outages);
  });

  it('breaks a tie in position by the lower id, and returns null when nothing matches', () => {
    expect(selectAssignmentRule([rule({ id: 9, position: 5 }), rule({ id: 8, position: 5 })], ticket)?.id).toBe(8);
    expect(selectAssignmentRule([billing], { ...ticket, category: 'bug' })).toBeNull();
  });
});

describe('assignmentRuleInputSchema', () => {
  const issues = (input: unknown) => {
    const result = assignmentRuleInputSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('accepts the seed’s rules and fills in the defaults', () => {
    expect(assignmentRuleInputSchema.parse({ name: 'Everything else', teamId: 1 })).toEqual({
      name: 'Everything else',
      teamId: 1,
      position: 100,
      active: true,
      conditions: {},
      strategy: 'round_robin',
    });
    expect(
      issues({
        name: 'Billing questions',
        position: 10,
        conditions: { categories: ['billing'] },
        teamId: 2,
        strategy: 'least_open',
      }),
    ).toEqual([]);
  });

  it('refuses an unknown strategy, a missing team and a category named twice', () => {
    expect(issues({ name: 'X', teamId: 1, strategy: 'random' })).toEqual([
      { path: 'strategy', message: 'must be one of round_robin, least_open, manual' },
    ]);
    expect(issues({ name: 'X' })).toEqual([{ path: 'teamId', message: 'must be a number' }]);
    expect(issues({ name: 'X', teamId: 1, conditions: { categories: ['billing', 'Billing'] } })).toEqual([
      { path: 'conditions.categories.1', message: 'repeats Billing' },
    ]);
    expect(issues({ name: 'X', teamId: 1, conditions: { tags: [''] } })).toEqual([
      { path: 'conditions.tags.0', message: 'must not be empty' },
    ]);
  });
});
