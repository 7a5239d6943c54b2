import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor } from '../../domain/ticket-event-types.js';
import { canTransition, describeRefusedTransition } from '../../domain/ticket-status.js';
import { activities } from './activities.js';
import type { Lifecycle } from './context.js';
import { changeFailure, type MessageAdded, type TicketChangeRequest } from './definitions.js';
import { notify, persist } from './records.js';
import { cancelEscalations, replanSla, slaFields } from './sla-planning.js';
import { clockRuns } from './state.js';
import type { TicketChange } from './types.js';

/** A change without its version guard: what the workflow applies once it has accepted it. */
export type AcceptedChange = Omit<TicketChangeRequest, 'expectedVersion'>;

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** The update validator: refuses changes to closed tickets, stale versions and moves the lifecycle does not allow. */
export function assertChangeAllowed(lc: Lifecycle, req: TicketChangeRequest): void {
  const t = lc.s.ticket;
  if (t.status === 'closed') refuse(changeFailure.closed, `${t.number} is closed; closed tickets cannot change.`);
  if (req.expectedVersion !== undefined && req.expectedVersion !== t.version) {
    refuse(changeFailure.staleVersion, `${t.number} changed since you loaded it (version ${req.expectedVersion}, now ${t.version}); reload and try again.`);
  }
  if (req.status !== undefined && req.status !== t.status && !canTransition(t.status, req.status)) {
    refuse(changeFailure.invalidTransition, describeRefusedTransition(t.status, req.status));
  }
}

/** Applies new lifecycle values: status side effects, SLA replanning, one persisted change, notifications. */
export async function applyChange(lc: Lifecycle, req: AcceptedChange, eventType?: string): Promise<void> {
  const { s } = lc;
  const t = s.ticket;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const fields: TicketChange['fields'] = {};
  const previousStatus = t.status;
  const wasRunning = clockRuns(s.clock, t.status);
  const now = Date.now();

  type Settable = Pick<typeof t, 'status' | 'priority' | 'teamId' | 'assigneeId'>;
  const set = <K extends keyof Settable>(key: K, value: Settable[K] | undefined) => {
    if (value === undefined || value === t[key]) return;
    before[key] = t[key];
    after[key] = value;
    (t as Settable)[key] = value;
    (fields as Settable)[key] = value;
  };
  set('status', req.status);
  set('priority', req.priority);
  set('teamId', req.teamId);
  set('assigneeId', req.assigneeId);
  if (Object.keys(after).length === 0) return;

  if (fields.status === 'resolved') {
    t.resolvedAt = new Date(now).toISOString();
    fields.resolvedAt = t.resolvedAt;
    const { autoCloseSeconds } = await activities().loadLifecycleSettings();
    s.autoCloseAt = now + autoCloseSeconds * 1000;
    cancelEscalations(lc, 'all');
  } else if (fields.status !== undefined && previousStatus === 'resolved') {
    s.autoCloseAt = null;
    t.resolvedAt = null;
    fields.resolvedAt = null;
  }
  if (fields.status === 'closed') {
    fields.closedAt = new Date(now).toISOString();
    s.autoCloseAt = null;
    cancelEscalations(lc, 'all');
  }

  const pauseChanged = wasRunning !== clockRuns(s.clock, t.status);
  if (fields.priority !== undefined || fields.teamId !== undefined || pauseChanged || fields.status === 'resolved' || previousStatus === 'resolved') {
    const sla = await replanSla(lc, fields.priority !== undefined ? 'priority changed' : fields.teamId !== undefined ? 'team changed' : `status ${t.status}`);
    after.sla = sla.after;
    before.sla = sla.before;
    Object.assign(fields, slaFields(lc));
  }
  s.lastUpdateAt = now;
  s.firedNoUpdate = [];

  if (fields.status) after.changedAt = new Date(now).toISOString();
  const type = eventType ?? (fields.status ? 'status_changed' : fields.assigneeId !== undefined ? 'assigned' : fields.priority ? 'priority_changed' : 'team_changed');
  await persist(lc, type, req.actor, before, after, fields);

  if (fields.assigneeId) notify(lc, 'assigned', [fields.assigneeId], { status: t.status });
  if (fields.status === 'resolved') notify(lc, 'resolved', [t.requesterId]);
  if (fields.status === 'closed') notify(lc, 'closed', [t.requesterId]);
  lc.wake();
}

/** Routes the ticket (team and agent) by the assignment rules, leaving out `excludeUserIds`. */
export async function assignAutomatically(lc: Lifecycle, actor: Actor, excludeUserIds: number[] = []): Promise<void> {
  const choice = await activities().chooseAssignment({ facts: { ...lc.s.ticket }, excludeUserIds });
  await applyChange(lc, { teamId: choice.teamId, assigneeId: choice.assigneeId, actor }, 'assigned');
}

/** What a new reply or note means: first response met, a new ticket opened, a resolved one reopened. */
export async function onMessage(lc: Lifecycle, m: MessageAdded): Promise<void> {
  const { s } = lc;
  s.lastUpdateAt = Date.parse(m.at);
  s.firedNoUpdate = [];
  if (m.internal) return;
  const t = s.ticket;
  const actor: Actor = { userId: m.authorId, source: m.source };
  if (m.byStaff) {
    if (s.clock && !s.clock.firstResponse.metAt && !t.firstRespondedAt) {
      t.firstRespondedAt = m.at;
      s.clock.firstResponse.metAt = m.at;
      cancelEscalations(lc, 'first_response');
      s.timers = s.timers.filter((timer) => timer.target !== 'first_response');
      await persist(lc, 'first_response_met', actor, { firstRespondedAt: null }, { firstRespondedAt: m.at }, { firstRespondedAt: m.at });
    } else if (!t.firstRespondedAt) {
      t.firstRespondedAt = m.at;
      await persist(lc, 'first_response_met', actor, { firstRespondedAt: null }, { firstRespondedAt: m.at }, { firstRespondedAt: m.at });
    }
    if (t.status === 'new') await applyChange(lc, { status: 'open', actor });
    notify(lc, 'replied', [t.requesterId], { messageId: m.messageId });
  } else {
    // A customer's reply reopens a resolved ticket and ends the wait on a pending one.
    if (t.status === 'resolved' || t.status === 'pending') await applyChange(lc, { status: 'open', actor }, 'reopened_by_reply');
    notify(lc, 'replied', [t.assigneeId], { messageId: m.messageId });
  }
}
