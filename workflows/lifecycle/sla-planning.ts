import { activities } from './activities.js';
import { isoNow, type Lifecycle } from './context.js';
import type { SlaTargetName, TicketChange } from './types.js';

type Deadlines = Record<string, unknown>;

/** Asks the planSla activity for the policy, deadlines and timers as of now; returns them before and after. */
export async function replanSla(lc: Lifecycle, reason: string): Promise<{ before: Deadlines; after: Deadlines }> {
  const { s } = lc;
  const before = { policyId: s.clock?.policyId ?? null, firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null, resolutionDueAt: s.clock?.resolution.dueAt ?? null };
  const plan = await activities().planSla({
    facts: { ...s.ticket },
    previous: s.clock,
    at: isoNow(),
    history: { createdAt: s.ticket.createdAt, firstRespondedAt: s.ticket.firstRespondedAt, resolvedAt: s.ticket.resolvedAt },
  });
  s.clock = plan.clock;
  s.timers = plan.timers;
  s.noUpdateRules = plan.noUpdateRules;
  const after = { policyId: s.clock?.policyId ?? null, firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null, resolutionDueAt: s.clock?.resolution.dueAt ?? null, reason };
  return { before, after };
}

/** The ticket-row fields that mirror the SLA clock. */
export function slaFields(lc: Lifecycle): TicketChange['fields'] {
  const { s } = lc;
  return {
    slaPolicyId: s.clock?.policyId ?? null,
    firstResponseDueAt: s.clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: s.clock?.resolution.dueAt ?? null,
    slaBreached: s.ticket.slaBreached,
  };
}

/** Drops pending escalation levels that no longer apply ("no update" levels stay). */
export function cancelEscalations(lc: Lifecycle, target: SlaTargetName | 'all'): void {
  lc.s.pendingEscalations = lc.s.pendingEscalations.filter((e) => e.trigger === 'no_update' || (target !== 'all' && e.target !== target));
}

/** Schedules the levels a warning or breach starts; each re-reads its rule when it is due. */
export async function scheduleEscalations(lc: Lifecycle, trigger: 'sla_warning' | 'first_response_breach' | 'resolution_breach', target: SlaTargetName, firedAt: number): Promise<void> {
  const { s } = lc;
  const rules = await activities().planEscalations({ ticketId: s.ticket.ticketId, trigger });
  for (const rule of rules) {
    const key = `${trigger}:${target}:${rule.ruleId}:${s.clock?.policyId ?? 0}`;
    if (s.pendingEscalations.some((e) => e.key === key)) continue;
    s.pendingEscalations.push({ key, ruleId: rule.ruleId, level: rule.level, trigger, target, at: firedAt + rule.delaySeconds * 1000 });
  }
}
