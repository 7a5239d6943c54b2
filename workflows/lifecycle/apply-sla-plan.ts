import { activities } from './activities.js';
import { isoNow, type Lifecycle } from './context.js';
import type { TicketChange } from './types.js';

type Deadlines = Record<string, unknown>;

/** Asks the planSla activity for the policy, deadlines and timers as of now; returns them before and after. */
export async function replanSla(
  lifecycle: Lifecycle,
  reason: string,
): Promise<{ before: Deadlines; after: Deadlines }> {
  const { state } = lifecycle;
  const before = {
    policyId: state.clock?.policyId ?? null,
    firstResponseDueAt: state.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: state.clock?.resolution.dueAt ?? null,
  };
  const plan = await activities().planSla({
    facts: { ...state.ticket },
    previous: state.clock,
    at: isoNow(),
    history: {
      createdAt: state.ticket.createdAt,
      firstRespondedAt: state.ticket.firstRespondedAt,
      resolvedAt: state.ticket.resolvedAt,
    },
  });
  state.slaPlans = (state.slaPlans ?? 0) + 1;
  state.clock = plan.clock;
  state.timers = plan.timers;
  state.noUpdateRules = plan.noUpdateRules;
  const after = {
    policyId: state.clock?.policyId ?? null,
    firstResponseDueAt: state.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: state.clock?.resolution.dueAt ?? null,
    reason,
  };
  return { before, after };
}

/** The ticket-row fields that mirror the SLA clock. */
export function slaFields(lifecycle: Lifecycle): TicketChange['fields'] {
  const { state } = lifecycle;
  return {
    slaPolicyId: state.clock?.policyId ?? null,
    firstResponseDueAt: state.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: state.clock?.resolution.dueAt ?? null,
    slaBreached: state.ticket.slaBreached,
  };
}
