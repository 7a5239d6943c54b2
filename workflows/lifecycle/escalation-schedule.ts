import { activities } from './activities.js';
import type { Lifecycle } from './context.js';
import type { EscalationLevel, SlaEscalationTrigger, SlaTargetName } from './types.js';

/** Drops pending escalation levels that no longer apply ("no update" levels stay). */
export function cancelEscalations(lifecycle: Lifecycle, target: SlaTargetName | 'all'): void {
  lifecycle.state.pendingEscalations = lifecycle.state.pendingEscalations.filter(
    (e) => e.trigger === 'no_update' || (target !== 'all' && e.target !== target),
  );
}

/**
 * Schedules the levels a warning or breach starts; each re-reads its rule when it is due. `listed`
 * are the levels the breach's own write listed; workflows from before that ask planEscalations.
 */
export async function scheduleEscalations(
  lifecycle: Lifecycle,
  trigger: SlaEscalationTrigger,
  target: SlaTargetName,
  firedAt: number,
  listed: EscalationLevel[],
): Promise<void> {
  const { state } = lifecycle;
  const rules = lifecycle.keysByWhat
    ? listed
    : await activities().planEscalations({ ticketId: state.ticket.ticketId, trigger });
  for (const rule of rules) {
    const key = `${trigger}:${target}:${rule.ruleId}:${state.clock?.policyId ?? 0}`;
    if (state.pendingEscalations.some((e) => e.key === key)) continue;
    state.pendingEscalations.push({
      key,
      ruleId: rule.ruleId,
      level: rule.level,
      trigger,
      target,
      at: firedAt + rule.delaySeconds * 1000,
    });
  }
}
