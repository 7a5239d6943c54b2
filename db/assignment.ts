import type { Knex } from 'knex';
import type { AssignmentCandidate, AssignmentRule } from '../domain/assignment.js';
import { activeStatuses } from '../domain/ticket-status.js';

/** An assignment rule with its round-robin cursor. */
export interface StoredAssignmentRule extends AssignmentRule {
  lastAssignedUserId: number | null;
}

interface AssignmentRuleRow {
  id: number;
  name: string;
  position: number;
  active: boolean;
  conditions: AssignmentRule['conditions'] | null;
  team_id: number;
  strategy: AssignmentRule['strategy'];
  last_assigned_user_id: number | null;
}

const toRule = (r: AssignmentRuleRow): StoredAssignmentRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  active: r.active,
  conditions: r.conditions ?? {},
  teamId: r.team_id,
  strategy: r.strategy,
  lastAssignedUserId: r.last_assigned_user_id,
});

/** Active assignment rules in the order they are tried. */
export async function listActiveAssignmentRules(db: Knex): Promise<StoredAssignmentRule[]> {
  return (
    await db('assignment_rules')
      .where({ active: true })
      .orderBy([{ column: 'position' }, { column: 'id' }])
  ).map(toRule);
}

/**
 * Runs `pick` on the rule's row locked FOR UPDATE, then stores the round-robin cursor, so two
 * tickets assigned at the same moment never both go to the same "next" agent.
 */
export async function withLockedAssignmentRule<T extends number | null>(
  db: Knex,
  ruleId: number,
  pick: (rule: StoredAssignmentRule, trx: Knex) => Promise<T>,
): Promise<T> {
  return db.transaction(async (trx) => {
    const row = await trx('assignment_rules').where({ id: ruleId }).forUpdate().first();
    const chosen = await pick(toRule(row), trx);
    if (chosen !== null)
      await trx('assignment_rules')
        .where({ id: ruleId })
        .update({ last_assigned_user_id: chosen, updated_at: trx.fn.now() });
    return chosen;
  });
}

/** The team's members with their availability, capacity and current open workload. */
export async function listAssignmentCandidates(db: Knex, teamId: number): Promise<AssignmentCandidate[]> {
  const rows = await db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.team_id', teamId)
    .select('m.user_id', 'm.available', 'm.capacity', 'u.active')
    .select(
      db('tickets as t')
        .count('*')
        .whereRaw('t.assignee_id = m.user_id')
        .whereIn('t.status', [...activeStatuses])
        .as('open_tickets'),
    )
    .orderBy('m.user_id');
  return rows.map((r) => ({
    userId: r.user_id,
    available: r.available,
    active: r.active,
    capacity: r.capacity,
    openTickets: Number(r.open_tickets),
  }));
}

/** The team's lead, if it has one. */
export async function findTeamLeadId(db: Knex, teamId: number): Promise<number | null> {
  const row = await db('teams').where({ id: teamId }).first('lead_id');
  return row?.lead_id ?? null;
}
