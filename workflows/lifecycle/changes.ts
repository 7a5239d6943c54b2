import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { Actor, TicketEventType } from '../../domain/ticket-event-types.js';
import { canTransition, describeRefusedTransition } from '../../domain/ticket-status.js';
import { activities } from './activities.js';
import type { Lifecycle } from './context.js';
import { changeFailure, type MessageAdded, type TicketChangeRequest } from './definitions.js';
import { notify, persist } from './records.js';
import { replanSla, slaFields } from './apply-sla-plan.js';
import { cancelEscalations } from './escalation-schedule.js';
import { clockRuns } from './state.js';
import type { TicketChange } from './types.js';

/** A change without its version guard: what the workflow applies once it has accepted it. */
export type AcceptedChange = Omit<TicketChangeRequest, 'expectedVersion'>;

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** The update validator: refuses changes to closed tickets, stale versions and moves the lifecycle does not allow. */
export function assertChangeAllowed(lifecycle: Lifecycle, req: TicketChangeRequest): void {
  const ticket = lifecycle.state.ticket;
  if (ticket.status === 'closed')
    refuse(changeFailure.closed, `${ticket.number} is closed; closed tickets cannot change.`);
  if (req.expectedVersion !== undefined && req.expectedVersion !== ticket.version) {
    refuse(
      changeFailure.staleVersion,
      `${ticket.number} changed since you loaded it (version ${req.expectedVersion}, now ${ticket.version}); reload and try again.`,
    );
  }
  if (req.status !== undefined && req.status !== ticket.status && !canTransition(ticket.status, req.status)) {
    refuse(changeFailure.invalidTransition, describeRefusedTransition(ticket.status, req.status));
  }
}

/**
 * Applies new lifecycle values: status side effects, SLA replanning, one persisted change,
 * notifications. `cause` says what asked for it (e.g. `update:<id>`, `message:42`): with the
 * event type it keys the write. A close with a `closeReason` (a merge) records the reason and leaves
 * the requester's notice to the caller, which says more than "closed".
 */
export async function applyChange(
  lifecycle: Lifecycle,
  req: AcceptedChange,
  cause: string,
  eventType?: TicketEventType,
  closeReason?: 'merged',
): Promise<void> {
  const { state } = lifecycle;
  const ticket = state.ticket;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const fields: TicketChange['fields'] = {};
  const previousStatus = ticket.status;
  const wasRunning = clockRuns(state.clock, ticket.status);
  const now = Date.now();

  type Settable = Pick<typeof ticket, 'status' | 'priority' | 'teamId' | 'assigneeId'>;
  const set = <K extends keyof Settable>(key: K, value: Settable[K] | undefined) => {
    if (value === undefined || value === ticket[key]) return;
    before[key] = ticket[key];
    after[key] = value;
    (ticket as Settable)[key] = value;
    (fields as Settable)[key] = value;
  };
  set('status', req.status);
  set('priority', req.priority);
  set('teamId', req.teamId);
  set('assigneeId', req.assigneeId);
  if (Object.keys(after).length === 0) return;

  if (fields.status === 'resolved') {
    ticket.resolvedAt = new Date(now).toISOString();
    fields.resolvedAt = ticket.resolvedAt;
    const { autoCloseSeconds } = await activities().loadLifecycleSettings();
    state.autoCloseAt = now + autoCloseSeconds * 1000;
    cancelEscalations(lifecycle, 'all');
  } else if (fields.status !== undefined && previousStatus === 'resolved') {
    state.autoCloseAt = null;
    ticket.resolvedAt = null;
    fields.resolvedAt = null;
  }
  if (fields.status === 'closed') {
    fields.closedAt = new Date(now).toISOString();
    state.autoCloseAt = null;
    cancelEscalations(lifecycle, 'all');
  }

  const pauseChanged = wasRunning !== clockRuns(state.clock, ticket.status);
  if (
    fields.priority !== undefined ||
    fields.teamId !== undefined ||
    pauseChanged ||
    fields.status === 'resolved' ||
    previousStatus === 'resolved'
  ) {
    const sla = await replanSla(
      lifecycle,
      fields.priority !== undefined
        ? 'priority changed'
        : fields.teamId !== undefined
          ? 'team changed'
          : `status ${ticket.status}`,
    );
    after.sla = sla.after;
    before.sla = sla.before;
    Object.assign(fields, slaFields(lifecycle));
  }
  state.lastUpdateAt = now;
  state.firedNoUpdate = [];

  if (fields.status) after.changedAt = new Date(now).toISOString();
  if (closeReason) after.closeReason = closeReason;
  const type =
    eventType ??
    (fields.status
      ? 'status_changed'
      : fields.assigneeId !== undefined
        ? 'assigned'
        : fields.priority
          ? 'priority_changed'
          : 'team_changed');
  await persist(lifecycle, { what: `${cause}:${type}`, type, actor: req.actor, before, after, fields });

  if (fields.assigneeId)
    notify(lifecycle, {
      what: cause,
      template: 'assigned',
      userIds: [fields.assigneeId],
      data: { status: ticket.status },
    });
  if (fields.status === 'resolved')
    notify(lifecycle, { what: cause, template: 'resolved', userIds: [ticket.requesterId] });
  if (fields.status === 'closed' && !closeReason)
    notify(lifecycle, { what: cause, template: 'closed', userIds: [ticket.requesterId] });
  lifecycle.wake();
}

/**
 * Routes the ticket (team and agent) by the assignment rules, leaving out `excludeUserIds`. With
 * `reroute`, a ticket that has a team is routed by the rules again (a rule that matches now moves it).
 */
export async function assignAutomatically(
  lifecycle: Lifecycle,
  actor: Actor,
  cause: string,
  excludeUserIds: number[] = [],
  reroute = false,
): Promise<void> {
  const choice = await activities().chooseAssignment({
    facts: { ...lifecycle.state.ticket },
    excludeUserIds,
    ...(lifecycle.keysByWhat ? { recordedAs: `${lifecycle.workflowId}:${cause}:assigned` } : {}),
    ...(reroute ? { reroute } : {}),
  });
  await applyChange(lifecycle, { teamId: choice.teamId, assigneeId: choice.assigneeId, actor }, cause, 'assigned');
}

/**
 * Whether this message is new to the workflow: the signal goes through the outbox and may come
 * more than once, and each message counts once. Workflows from before the check have no list.
 */
export function firstDelivery(lifecycle: Lifecycle, message: MessageAdded): boolean {
  const applied = lifecycle.state.appliedMessageIds;
  if (!applied) return true;
  if (applied.includes(message.messageId)) return false;
  applied.push(message.messageId);
  return true;
}

/**
 * Records a public staff reply as the first response, at the time it was written, unless the ticket
 * has one already: the clock's target is met and its timers and escalations end. Keyed by the message
 * (`message:<id>:first_response`), so the reply's signal and a timer that found the reply first
 * write it once between them.
 */
export async function recordFirstResponse(lifecycle: Lifecycle, message: MessageAdded): Promise<void> {
  const { state } = lifecycle;
  const ticket = state.ticket;
  const firstResponse = {
    what: `message:${message.messageId}:first_response`,
    type: 'first_response_met',
    actor: { userId: message.authorId, source: message.source },
    before: { firstRespondedAt: null },
    after: { firstRespondedAt: message.at },
    fields: { firstRespondedAt: message.at },
  } as const;
  if (state.clock && !state.clock.firstResponse.metAt && !ticket.firstRespondedAt) {
    ticket.firstRespondedAt = message.at;
    state.clock.firstResponse.metAt = message.at;
    cancelEscalations(lifecycle, 'first_response');
    state.timers = state.timers.filter((timer) => timer.target !== 'first_response');
    await persist(lifecycle, firstResponse);
  } else if (!ticket.firstRespondedAt) {
    ticket.firstRespondedAt = message.at;
    await persist(lifecycle, firstResponse);
  }
}

/**
 * The patch that tells staff an internal note mentions that they were mentioned. Asked only for a
 * note that mentions someone, which no history recorded before it holds, so those replay unchanged.
 */
export const mentionNoticePatch = 'notify-mentioned-staff';

/**
 * Queues the "mentioned" notice for the staff a note names (resolved when it was stored), except
 * its author. Keyed by the message: each recipient's delivery is `…:message:<id>:mentioned:<channel>:<user>`,
 * so a redelivered signal, a retried activity or a re-run workflow task sends each of them one e-mail.
 */
function notifyMentioned(lifecycle: Lifecycle, message: MessageAdded): void {
  const userIds = (message.mentionedUserIds ?? []).filter((id) => id !== message.authorId);
  if (userIds.length === 0 || !patched(mentionNoticePatch)) return;
  notify(lifecycle, {
    what: `message:${message.messageId}`,
    template: 'mentioned',
    userIds,
    data: { messageId: message.messageId },
  });
}

/** What a new reply or note means: first response met, a new ticket opened, a resolved one reopened, staff mentioned. */
export async function onMessage(lifecycle: Lifecycle, message: MessageAdded): Promise<void> {
  if (!firstDelivery(lifecycle, message)) return;
  const { state } = lifecycle;
  state.lastUpdateAt = Date.parse(message.at);
  state.firedNoUpdate = [];
  if (message.internal) {
    notifyMentioned(lifecycle, message);
    return;
  }
  const ticket = state.ticket;
  const actor: Actor = { userId: message.authorId, source: message.source };
  const cause = `message:${message.messageId}`;
  if (message.byStaff) {
    await recordFirstResponse(lifecycle, message);
    if (ticket.status === 'new') await applyChange(lifecycle, { status: 'open', actor }, cause);
    notify(lifecycle, {
      what: cause,
      template: 'replied',
      userIds: [ticket.requesterId],
      data: { messageId: message.messageId },
    });
  } else {
    // A customer's reply reopens a resolved ticket and ends the wait on a pending one.
    if (ticket.status === 'resolved' || ticket.status === 'pending')
      await applyChange(lifecycle, { status: 'open', actor }, cause, 'reopened_by_reply');
    notify(lifecycle, {
      what: cause,
      template: 'replied',
      userIds: [ticket.assigneeId],
      data: { messageId: message.messageId },
    });
  }
}
