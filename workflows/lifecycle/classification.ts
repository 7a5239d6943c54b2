import { replanSla, slaFields } from './apply-sla-plan.js';
import { assignAutomatically } from './changes.js';
import type { Lifecycle } from './context.js';
import type { ClassificationChanged, ClassificationField } from './definitions.js';
import { persist } from './records.js';

/**
 * The patch under which a ticket workflow acts on `classificationChanged`. Workers from before it had
 * no handler and left the signal unanswered: a history where one did replays with the patch off.
 */
export const classificationChangedPatch = 'reevaluate-rules-on-classification';

const fieldNames: Record<ClassificationField, string> = {
  category: 'category',
  tags: 'tags',
  custom_fields: 'custom fields',
};

/** The audit reason, e.g. "tags changed" or "category and custom fields changed". */
export function classificationReason(fields: readonly ClassificationField[]): string {
  const names = (['category', 'tags', 'custom_fields'] as const)
    .filter((f) => fields.includes(f))
    .map((f) => fieldNames[f]);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'fields');
  return `${listed} changed`;
}

/**
 * Evaluates the rules again after the ticket's category, tags or custom fields changed, once per
 * edit: the SLA is re-planned as a priority change does (an `sla_recalculated` entry with the
 * deadlines before and after, when they moved), and a ticket nobody is assigned to yet is routed
 * again, so a rule that matches now moves it to its team and agent. A resolved or closed ticket
 * keeps what it has: its clocks have stopped and it is not waiting for anyone.
 */
export async function onClassificationChanged(lifecycle: Lifecycle, change: ClassificationChanged): Promise<void> {
  const { state } = lifecycle;
  if ((state.classificationAppliedUpTo ?? 0) >= change.eventId) return;
  state.classificationAppliedUpTo = change.eventId;
  const ticket = state.ticket;
  if (ticket.status === 'closed' || ticket.status === 'resolved') return;
  const cause = `classification:${change.eventId}`;

  const sla = await replanSla(lifecycle, classificationReason(change.fields));
  lifecycle.wake(); // timers and "no update" rules may have moved even when the deadlines did not
  const { reason: _reason, ...after } = sla.after;
  if (JSON.stringify(sla.before) !== JSON.stringify(after)) {
    await persist(lifecycle, {
      what: `${cause}:sla_recalculated`,
      type: 'sla_recalculated',
      actor: change.actor,
      before: sla.before,
      after: sla.after,
      fields: slaFields(lifecycle),
    });
  }
  if (ticket.assigneeId === null) await assignAutomatically(lifecycle, change.actor, `${cause}:routing`, [], true);
}
