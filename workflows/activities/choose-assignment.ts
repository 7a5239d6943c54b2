import { listActiveAssignmentRules, listAssignmentCandidates, withLockedAssignmentRule } from '../../db/assignment.js';
import type { Db } from '../../db/connection.js';
import { findTicketClassification } from '../../db/ticket-classification.js';
import { findTicketEventByKey, teamLastSetByPerson } from '../../db/ticket-events.js';
import { pickAssignee, selectAssignmentRule } from '../../domain/assignment.js';
import type { TicketFacts } from '../lifecycle/types.js';

/** Input of `chooseAssignment`. */
export interface ChooseAssignmentInput {
  facts: TicketFacts;
  /** Agents who must not get the ticket (e.g. the one just made unavailable). */
  excludeUserIds: number[];
  /**
   * The idempotency key of the audit entry that will record this choice. When that entry exists,
   * a re-run workflow task is choosing again after a crash: the recorded choice is returned and
   * round robin does not move on, so the row, the workflow and the "assigned" e-mail agree.
   */
  recordedAs?: string;
  /**
   * Route by the rules even when the ticket has a team (an unassigned ticket whose category, tags or
   * custom fields changed): a rule that matches now moves it to its team; none keeps the team it has,
   * and so does a team a person chose.
   */
  reroute?: boolean;
}

/**
 * Makes the activity that picks a team and an agent. A ticket with a team stays in it and gets an
 * agent by that team's strategy; one without (or one rerouted) is routed by the first matching
 * assignment rule, on its lifecycle facts and the category, tags and custom fields its row holds now.
 * Availability, deactivation and capacity are respected; nobody eligible leaves it unassigned.
 */
export function makeChooseAssignment(db: Db) {
  return async function chooseAssignment(
    input: ChooseAssignmentInput,
  ): Promise<{ teamId: number | null; assigneeId: number | null }> {
    if (input.recordedAs) {
      const recorded = await findTicketEventByKey(db, input.recordedAs);
      if (recorded) {
        const after = (recorded.after ?? {}) as { teamId?: number | null; assigneeId?: number | null };
        return {
          teamId: after.teamId === undefined ? input.facts.teamId : after.teamId,
          assigneeId: after.assigneeId === undefined ? input.facts.assigneeId : after.assigneeId,
        };
      }
    }
    const rules = await listActiveAssignmentRules(db);
    const routed = async () =>
      selectAssignmentRule(rules, {
        // Category, tags and custom fields are edited on the row, not through the workflow: read them now.
        category: input.facts.category,
        ...(await findTicketClassification(db, input.facts.ticketId)),
        priority: input.facts.priority,
        organizationId: input.facts.organizationId,
      });
    // A ticket with a team keeps it (and that team's rule hands it out), unless it is rerouted: then a
    // rule that matches now wins, and the team it has is the fallback. A team a person chose stays:
    // an edit of the ticket's fields is no reason to undo their decision.
    const current = input.facts.teamId === null ? null : (rules.find((r) => r.teamId === input.facts.teamId) ?? null);
    const reroute =
      input.reroute === true && input.facts.teamId !== null && !(await teamLastSetByPerson(db, input.facts.ticketId));
    const matched = input.facts.teamId === null || reroute ? await routed() : null;
    const rule = matched ?? current;
    const teamId = matched?.teamId ?? input.facts.teamId;
    if (teamId === null) return { teamId: null, assigneeId: null };
    const eligible = async (trx: Db) =>
      (await listAssignmentCandidates(trx, teamId)).filter((c) => !input.excludeUserIds.includes(c.userId));
    if (!rule) {
      return { teamId, assigneeId: pickAssignee('least_open', await eligible(db), null) };
    }
    const assigneeId = await withLockedAssignmentRule(db, rule.id, async (locked, trx) =>
      pickAssignee(locked.strategy, await eligible(trx), locked.lastAssignedUserId),
    );
    return { teamId, assigneeId };
  };
}
