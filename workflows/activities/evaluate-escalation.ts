import { findTeamLeadId } from '../../db/assignment.js';
import type { Db } from '../../db/connection.js';
import { findEscalationRule } from '../../db/escalation-rules.js';
import { findTicketClassification } from '../../db/ticket-classification.js';
import { listActiveUserIdsByRoles } from '../../db/users.js';
import { raisePriority, ruleMatches, type EscalationTrigger } from '../../domain/escalation-rules.js';
import type { EscalationDecision, TicketFacts } from '../lifecycle/types.js';

/**
 * Makes the activity that reads an escalation rule as it is now and resolves what it would do to
 * this ticket (its conditions checked against the ticket's category, tags and custom fields as the row
 * holds them now): who to notify, whether to reassign or raise the priority. The workflow applies it.
 */
export function makeEvaluateEscalation(db: Db) {
  return async function evaluateEscalation(input: {
    facts: TicketFacts;
    ruleId: number;
    trigger: EscalationTrigger;
  }): Promise<EscalationDecision> {
    const rule = await findEscalationRule(db, input.ruleId);
    const none: EscalationDecision = {
      applies: false,
      ruleName: rule?.name ?? '',
      level: rule?.level ?? 0,
      notifyUserIds: [],
      reassign: null,
      raisePriorityTo: null,
    };
    if (!rule || !rule.active || rule.trigger !== input.trigger) return none;
    const { facts } = input;
    // Category, tags and custom fields are edited on the row, not through the workflow: read them now.
    const classification = { category: facts.category, ...(await findTicketClassification(db, facts.ticketId)) };
    const matchedFacts = {
      ...classification,
      priority: facts.priority,
      teamId: facts.teamId,
      organizationId: facts.organizationId,
    };
    if (!ruleMatches(rule, matchedFacts)) return none;

    const notify = new Set<number>();
    let reassign: EscalationDecision['reassign'] = null;
    let raisePriorityTo: EscalationDecision['raisePriorityTo'] = null;
    const teamLead = facts.teamId === null ? null : await findTeamLeadId(db, facts.teamId);
    for (const action of rule.actions) {
      if (action.type === 'notify') {
        for (const id of action.userIds ?? []) notify.add(id);
        for (const id of await listActiveUserIdsByRoles(db, action.roles ?? [])) notify.add(id);
        if (action.target === 'team_lead' && teamLead !== null) notify.add(teamLead);
        if (action.target === 'assignee' && facts.assigneeId !== null) notify.add(facts.assigneeId);
      } else if (action.type === 'reassign') {
        const userId = action.userId ?? (action.target === 'team_lead' ? teamLead : null);
        reassign = { teamId: action.teamId ?? null, assigneeId: userId ?? null };
      } else if (action.type === 'raise_priority') {
        raisePriorityTo = raisePriority(facts.priority);
      }
    }
    return {
      applies: true,
      ruleName: rule.name,
      level: rule.level,
      notifyUserIds: [...notify].sort((a, b) => a - b),
      reassign,
      raisePriorityTo,
    };
  };
}
