import type { Db } from '../../db/connection.js';
import { listActiveEscalationRules } from '../../db/escalation-rules.js';
import { findBusinessCalendar, listActiveSlaPolicies } from '../../db/sla-policies.js';
import { findTicketClassification } from '../../db/ticket-classification.js';
import { ruleMatches } from '../../domain/escalation-rules.js';
import { selectSlaPolicy } from '../../domain/sla-policy.js';
import type { SlaClock, SlaPlan, TicketFacts } from '../lifecycle/types.js';
import { computeSlaPlan } from './sla-deadline-math.js';

/** Input of `planSla`. */
export interface PlanSlaInput {
  facts: TicketFacts;
  previous: SlaClock | null;
  at: string;
  history: { createdAt: string; firstRespondedAt: string | null; resolvedAt: string | null };
}

/**
 * Makes the activity that chooses the ticket's SLA policy (first active match, on the lifecycle facts
 * and the category, tags and custom fields the ticket row holds now) and computes its
 * deadlines and timers on the policy's calendar. Running it as an activity records the result in
 * history, so later changes to the math or to calendars never break replay.
 */
export function makePlanSla(db: Db) {
  return async function planSla(input: PlanSlaInput): Promise<SlaPlan> {
    // Category, tags and custom fields are edited on the row, not through the workflow: read them now.
    const ticket = {
      category: input.facts.category,
      ...(await findTicketClassification(db, input.facts.ticketId)),
      priority: input.facts.priority,
      organizationId: input.facts.organizationId,
      teamId: input.facts.teamId,
    };
    const noUpdateRules = (await listActiveEscalationRules(db, 'no_update'))
      .filter((rule) => ruleMatches(rule, ticket))
      .map((rule) => ({ ruleId: rule.id, level: rule.level, delaySeconds: rule.delaySeconds }));
    const policy = selectSlaPolicy(await listActiveSlaPolicies(db), ticket);
    if (!policy) return { clock: null, timers: [], noUpdateRules };
    const calendar = await findBusinessCalendar(db, policy.calendarId);
    if (!calendar) throw new Error(`SLA policy ${policy.id} names calendar ${policy.calendarId}, which does not exist`);
    // A clock under another policy carries its consumed time over; its deadlines are recomputed.
    const previous =
      input.previous && input.previous.policyId !== policy.id
        ? {
            ...input.previous,
            firstResponse: { ...input.previous.firstResponse, dueAt: null },
            resolution: { ...input.previous.resolution, dueAt: null },
          }
        : input.previous;
    const { clock, timers } = computeSlaPlan(policy, calendar, { ...input, previous, at: new Date(input.at) });
    return { clock, timers, noUpdateRules };
  };
}
