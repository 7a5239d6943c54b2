import { upsertSearchAttributes } from '@temporalio/workflow';
import type { NotificationTemplate } from '../../domain/notification-templates.js';
import type { Actor, TicketEventType } from '../../domain/ticket-event-types.js';
import { ticketSearchAttributes } from '../search-attributes.js';
import { activities, notifier } from './activities.js';
import type { Lifecycle } from './context.js';
import type { EscalationLevel, SlaEscalationTrigger, TicketChange } from './types.js';

/** One audit-trail entry with the lifecycle fields it changes. */
export interface ChangeRecord {
  /**
   * What this write is, e.g. `message:42:first_response` or `update:<id>:status_changed`: with the
   * workflow id it is the entry's idempotency key, so a retried activity or a re-run workflow task
   * writes it once, whatever order handlers ran in.
   */
  what: string;
  type: TicketEventType;
  actor: Actor;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  fields: TicketChange['fields'];
  /** For warnings and breaches: the trigger whose escalation levels the same step lists. */
  escalationTrigger?: SlaEscalationTrigger;
}

/**
 * The idempotency key of a write. Workflows started before keys said what they key carry on with
 * their step counter for life, so a write retried across the upgrade keeps the key it had.
 */
function idempotencyKey(lifecycle: Lifecycle, what: string): string {
  if (lifecycle.keysByWhat) return `${lifecycle.workflowId}:${what}`;
  return `${lifecycle.workflowId}:${lifecycle.state.step++}`;
}

/** Every lifecycle field of the ticket row as the workflow sees it. */
function projection(lifecycle: Lifecycle): TicketChange['fields'] {
  const { ticket, clock } = lifecycle.state;
  return {
    status: ticket.status,
    priority: ticket.priority,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    slaPolicyId: clock?.policyId ?? null,
    firstResponseDueAt: clock?.firstResponse.dueAt ?? null,
    resolutionDueAt: clock?.resolution.dueAt ?? null,
    firstRespondedAt: ticket.firstRespondedAt,
    resolvedAt: ticket.resolvedAt,
    slaBreached: ticket.slaBreached,
  };
}

/**
 * Persists a change with its audit entry (idempotent by what it is) and refreshes the search
 * attributes. Answers the escalation levels of `record.escalationTrigger` (none without one).
 */
export async function persist(lifecycle: Lifecycle, record: ChangeRecord): Promise<EscalationLevel[]> {
  const { state } = lifecycle;
  state.ticket.version += 1;
  const persisted = await activities().persistTicketChange({
    ticketId: state.ticket.ticketId,
    idempotencyKey: idempotencyKey(lifecycle, record.what),
    version: state.ticket.version,
    // The row is the workflow's projection: each write carries every lifecycle field, so a write
    // left behind by a workflow task that crashed and re-ran differently is corrected by the next.
    fields: lifecycle.keysByWhat ? { ...projection(lifecycle), ...record.fields } : record.fields,
    event: { type: record.type, actor: record.actor, before: record.before, after: record.after },
    ...(record.escalationTrigger && lifecycle.keysByWhat ? { escalationTrigger: record.escalationTrigger } : {}),
  });
  upsertSearchAttributes(
    ticketSearchAttributes({
      ...state.ticket,
      firstResponseDueAt: state.clock?.firstResponse.dueAt ?? null,
      resolutionDueAt: state.clock?.resolution.dueAt ?? null,
    }),
  );
  // Histories from before answered nothing here (void).
  return persisted?.escalations ?? [];
}

/** A notification to queue: `what` names its cause (the template is appended), e.g. `message:42`. */
export interface NoticeRequest {
  what: string;
  template: NotificationTemplate;
  userIds: (number | null)[];
  data?: Record<string, string | number | null>;
  notifyTeamChannel?: boolean;
}

/** Queues a notification; the main loop delivers it, so updates answer without waiting for SendGrid. */
export function notify(lifecycle: Lifecycle, notice: NoticeRequest): void {
  const { state } = lifecycle;
  const recipients = [...new Set(notice.userIds.filter((id): id is number => id !== null))];
  const notifyTeamChannel = notice.notifyTeamChannel ?? false;
  if (recipients.length === 0 && !notifyTeamChannel) return;
  const key = lifecycle.keysByWhat
    ? `${lifecycle.workflowId}:${notice.what}:${notice.template}`
    : `${idempotencyKey(lifecycle, notice.what)}:${notice.template}`;
  state.notifications.push({
    ticketId: state.ticket.ticketId,
    key,
    template: notice.template,
    userIds: recipients,
    notifyTeamChannel,
    data: notice.data ?? {},
  });
}

/** Delivers queued notifications in order. */
export async function drainNotifications(lifecycle: Lifecycle): Promise<void> {
  const { state } = lifecycle;
  while (state.notifications.length > 0) {
    const next = state.notifications[0]!;
    try {
      await notifier.deliverNotifications(next);
    } catch {
      // Retries are exhausted; the delivery log records the failure. The lifecycle goes on.
    }
    state.notifications.shift();
  }
}
