import { upsertSearchAttributes } from '@temporalio/workflow';
import type { Actor } from '../../domain/ticket-event-types.js';
import * as attrs from '../search-attributes.js';
import { activities, notifier } from './activities.js';
import type { Lifecycle } from './context.js';
import type { NotificationTemplate, TicketChange } from './types.js';

/** Persists a change with its audit entry (idempotent by step key) and refreshes the search attributes. */
export async function persist(lc: Lifecycle, type: string, actor: Actor, before: Record<string, unknown>, after: Record<string, unknown>, fields: TicketChange['fields']): Promise<void> {
  const { s } = lc;
  s.ticket.version += 1;
  await activities().persistTicketChange({
    ticketId: s.ticket.ticketId,
    stepKey: `${lc.workflowId}:${s.step++}`,
    version: s.ticket.version,
    fields,
    event: { type, actor, before, after },
  });
  upsertSearchAttributes([
    { key: attrs.TicketStatus, value: s.ticket.status },
    { key: attrs.TicketPriority, value: s.ticket.priority },
    { key: attrs.TeamId, value: s.ticket.teamId === null ? '' : String(s.ticket.teamId) },
    { key: attrs.AssigneeId, value: s.ticket.assigneeId === null ? '' : String(s.ticket.assigneeId) },
    { key: attrs.SlaBreached, value: s.ticket.slaBreached },
    { key: attrs.FirstResponseDue, value: s.clock?.firstResponse.dueAt ? new Date(s.clock.firstResponse.dueAt) : null },
    { key: attrs.ResolutionDue, value: s.clock?.resolution.dueAt ? new Date(s.clock.resolution.dueAt) : null },
  ]);
}

/** Queues a notification; the main loop delivers it, so updates answer without waiting for SendGrid. */
export function notify(lc: Lifecycle, template: NotificationTemplate, userIds: (number | null)[], data: Record<string, string | number | null> = {}, notifyTeamChannel = false): void {
  const { s } = lc;
  const recipients = [...new Set(userIds.filter((id): id is number => id !== null))];
  if (recipients.length === 0 && !notifyTeamChannel) return;
  s.notifications.push({ ticketId: s.ticket.ticketId, key: `${lc.workflowId}:${s.step++}:${template}`, template, userIds: recipients, notifyTeamChannel, data });
}

/** Delivers queued notifications in order. */
export async function drainNotifications(lc: Lifecycle): Promise<void> {
  const { s } = lc;
  while (s.notifications.length > 0) {
    const next = s.notifications[0]!;
    try {
      await notifier.deliverNotifications(next);
    } catch {
      // Retries are exhausted; the delivery log records the failure. The lifecycle goes on.
    }
    s.notifications.shift();
  }
}
