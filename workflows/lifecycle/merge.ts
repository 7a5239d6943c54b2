import { patched } from '@temporalio/workflow';
import { applyChange } from './changes.js';
import type { Lifecycle } from './context.js';
import type { MergedFrom, MergedInto } from './definitions.js';
import { notify } from './records.js';

/**
 * Marks the workflows that handle merges. The signals are new, so no older history holds one, but
 * the marker keeps any later change to what a merge does replay-safe behind its own patch.
 */
export const ticketMergePatch = 'ticket-merge';

/**
 * The duplicate was merged into another ticket: it closes with the reason `merged` (its SLA timers
 * and escalations end with the workflow) and its requester is told where the conversation goes on,
 * once: the notice is keyed by the merge (`merge:<targetId>:merged`).
 */
export async function onMergedInto(lifecycle: Lifecycle, merge: MergedInto): Promise<void> {
  if (!patched(ticketMergePatch)) return;
  const { ticket } = lifecycle.state;
  if (ticket.status === 'closed') return;
  const cause = `merge:${merge.targetId}`;
  await applyChange(lifecycle, { status: 'closed', actor: merge.actor }, cause, 'status_changed', 'merged');
  notify(lifecycle, {
    what: cause,
    template: 'merged',
    userIds: [ticket.requesterId],
    data: { targetId: merge.targetId, targetNumber: merge.targetNumber },
  });
  lifecycle.wake();
}

/**
 * Another ticket was merged into this one: its conversation is new activity here, so the
 * no-update escalations count from now.
 */
export function onMergedFrom(lifecycle: Lifecycle, _merge: MergedFrom): void {
  if (!patched(ticketMergePatch)) return;
  const { state } = lifecycle;
  if (state.ticket.status === 'closed') return;
  state.lastUpdateAt = Date.now();
  state.firedNoUpdate = [];
  lifecycle.wake();
}
