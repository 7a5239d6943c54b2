import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { insertUser, type User } from '../../db/users.js';
import { createKeyedUser, type KeyedUser } from './fixtures.js';

/** A 24×7 calendar: business time equals wall-clock time, so tests can use second-scale targets. */
export const allDayWeek = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/** A team with a lead and agents, a customer, an API key for staff, and an SLA policy on a 24×7 calendar. */
export interface LifecycleWorld {
  calendarId: number;
  policyId: number;
  teamId: number;
  ruleId: number;
  lead: User;
  agents: User[];
  manager: User;
  staff: KeyedUser;
  customer: KeyedUser;
}

/** Options for the world: SLA targets in seconds and the team's assignment strategy. */
export interface WorldOptions {
  firstResponseSeconds?: number;
  resolutionSeconds?: number;
  warningThresholds?: number[];
  strategy?: 'round_robin' | 'least_open' | 'manual';
  agents?: number;
  capacity?: number;
}

/** Builds the world in an isolated database (policy selection is global, so worlds never share one). */
export async function createLifecycleWorld(db: Db, options: WorldOptions = {}): Promise<LifecycleWorld> {
  const tag = randomUUID().slice(0, 8);
  const [calendar] = await db('business_calendars')
    .insert({ name: `24x7 ${tag}`, timezone: 'UTC', weekly_hours: JSON.stringify(allDayWeek), holidays: '[]' })
    .returning('id');
  const [policy] = await db('sla_policies')
    .insert({
      name: `Test policy ${tag}`,
      position: 100,
      conditions: '{}',
      first_response_target_seconds: options.firstResponseSeconds ?? 3600,
      resolution_target_seconds: options.resolutionSeconds ?? 7200,
      calendar_id: calendar.id,
      warning_thresholds: JSON.stringify(options.warningThresholds ?? []),
    })
    .returning('id');
  const manager = await insertUser(db, {
    email: `manager-${tag}@test.example`,
    name: `Manager ${tag}`,
    role: 'manager',
  });
  const lead = await insertUser(db, { email: `lead-${tag}@test.example`, name: `Lead ${tag}`, role: 'agent' });
  const agents: User[] = [];
  for (let i = 0; i < (options.agents ?? 2); i++)
    agents.push(
      await insertUser(db, { email: `agent${i}-${tag}@test.example`, name: `Agent ${i} ${tag}`, role: 'agent' }),
    );
  const [team] = await db('teams')
    .insert({ name: `Team ${tag}`, lead_id: lead.id })
    .returning('id');
  await db('team_members').insert(
    agents.map((a) => ({ team_id: team.id, user_id: a.id, capacity: options.capacity ?? 20 })),
  );
  const [rule] = await db('assignment_rules')
    .insert({
      name: `Route ${tag}`,
      position: 100,
      conditions: '{}',
      team_id: team.id,
      strategy: options.strategy ?? 'round_robin',
    })
    .returning('id');
  const staff = await createKeyedUser(db, 'agent');
  const customer = await createKeyedUser(db, 'customer');
  return {
    calendarId: calendar.id,
    policyId: policy.id,
    teamId: team.id,
    ruleId: rule.id,
    lead,
    agents,
    manager,
    staff,
    customer,
  };
}

/** Adds an escalation rule. */
export async function addEscalationRule(
  db: Db,
  rule: {
    name?: string;
    trigger: string;
    level?: number;
    delaySeconds?: number;
    conditions?: object;
    actions: object[];
  },
): Promise<number> {
  const [row] = await db('escalation_rules')
    .insert({
      name: rule.name ?? `Rule ${randomUUID().slice(0, 8)}`,
      trigger: rule.trigger,
      level: rule.level ?? 1,
      delay_seconds: rule.delaySeconds ?? 0,
      conditions: JSON.stringify(rule.conditions ?? {}),
      actions: JSON.stringify(rule.actions),
    })
    .returning('id');
  return row.id;
}

/** Makes this world's SLA policy and routing the only active ones in its database. */
export async function isolateWorld(db: Db, world: LifecycleWorld): Promise<void> {
  await db('sla_policies').whereNot({ id: world.policyId }).update({ active: false });
  await db('assignment_rules').whereNot({ id: world.ruleId }).update({ active: false });
}
