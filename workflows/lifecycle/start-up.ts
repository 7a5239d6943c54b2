import { patched } from '@temporalio/workflow';
import { activities } from './activities.js';
import { assignAutomatically } from './changes.js';
import { isoNow, systemActor, type Lifecycle } from './context.js';
import { notify, persist } from './records.js';
import { replanSla, slaFields } from './apply-sla-plan.js';

/**
 * The patch that makes a new workflow run its start-up before any signal or update handler (a
 * first-come-first-served queue, with the start-up queued before handlers are registered) and key
 * every write by what it is instead of a step counter. Histories from before it replay unchanged.
 */
export const startupFirstPatch = 'startup-first-keys-by-what';

/**
 * The patch that tells the agent a new ticket starts with (staff raising it for a customer chose
 * them) that it is theirs, as an assignment does. Histories from before it replay unchanged.
 */
export const initialAssigneeNoticePatch = 'notify-initial-assignee';

/**
 * What a new ticket's workflow does before anything else: note that it took charge, choose the SLA
 * policy and deadlines, start the auto-close clock of an already resolved ticket, send the
 * "we received your request" notice, tell the agent a ticket starts with that it is theirs, and
 * route an unassigned ticket.
 */
export async function startUp(lifecycle: Lifecycle): Promise<void> {
  const { state } = lifecycle;
  // Version 1 is the row as it was inserted: a workflow started later for an older row (a restore's
  // reconcile) finds an assignee the workflow chose and told already.
  const assignedAtCreation = state.ticket.version === 1 && state.ticket.assigneeId !== null;
  await activities().recordWorkflowStarted({ ticketId: state.ticket.ticketId, workflowId: lifecycle.workflowId });
  if (state.ticket.status === 'closed') return;
  await replanSla(lifecycle, 'ticket created');
  await persist(lifecycle, {
    what: 'start:sla_planned',
    type: 'sla_planned',
    actor: systemActor,
    before: {},
    after: { policyId: state.clock?.policyId ?? null },
    fields: slaFields(lifecycle),
  });
  if (state.ticket.status === 'resolved') {
    const { autoCloseSeconds } = await activities().loadLifecycleSettings();
    state.autoCloseAt = Date.parse(state.ticket.resolvedAt ?? isoNow()) + autoCloseSeconds * 1000;
  }
  if (state.ticket.status === 'new')
    notify(lifecycle, {
      what: 'start',
      template: 'created',
      userIds: [state.ticket.requesterId],
      notifyTeamChannel: true,
    });
  if (
    state.ticket.status === 'new' &&
    assignedAtCreation &&
    state.ticket.assigneeId !== null &&
    patched(initialAssigneeNoticePatch)
  )
    notify(lifecycle, {
      what: 'start:initial_assignee',
      template: 'assigned',
      userIds: [state.ticket.assigneeId],
      data: { status: state.ticket.status },
    });
  if (state.ticket.assigneeId === null && (state.ticket.status === 'new' || state.ticket.status === 'open'))
    await assignAutomatically(lifecycle, systemActor, 'start');
}
