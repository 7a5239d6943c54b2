import { tsToMs } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { TicketWorkflows } from '../workflows/client.js';
import { quantile } from './stats.js';

const EventType = proto.temporal.api.enums.v1.EventType;

interface HistoryEvent {
  eventType?: number | null;
  markerRecordedEventAttributes?: {
    markerName?: string | null;
    details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null;
  } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
}

/**
 * What one breach costs the worker, read from a breached ticket's history: the events from the
 * timer that fired to the workflow task that finished handling it (workflow tasks, local activities
 * by type, search-attribute upserts, remote activities scheduled).
 */
export async function describeBreachAnatomy(workflows: TicketWorkflows, ticketId: number): Promise<string> {
  const history = await workflows.client.workflow.getHandle(`ticket-${ticketId}`).fetchHistory();
  const events = (history.events ?? []) as HistoryEvent[];
  const is = (event: HistoryEvent, type: number) => event.eventType === type;
  const fired = events.findIndex((e) => is(e, EventType.EVENT_TYPE_TIMER_FIRED));
  if (fired < 0) return `no timer fired in ticket-${ticketId}'s history (${events.length} events)`;
  let tasks = 0;
  let upserts = 0;
  const local: string[] = [];
  const remote: string[] = [];
  for (const event of events.slice(fired + 1)) {
    if (is(event, EventType.EVENT_TYPE_TIMER_STARTED) && tasks > 0) break;
    if (is(event, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) tasks += 1;
    if (is(event, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)) upserts += 1;
    if (is(event, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
      remote.push(event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const data = marker.details?.data?.payloads?.[0]?.data;
      const parsed = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }) : {};
      local.push(parsed.activity_type ?? '?');
    }
  }
  return (
    `${tasks} workflow task(s), ${local.length} local activit(ies) [${local.join(', ')}], ` +
    `${upserts} search-attribute upsert(s), ${remote.length} remote activit(ies) [${remote.join(', ')}]`
  );
}

interface TimedEvent {
  eventType?: number | null;
  eventTime?: Parameters<typeof tsToMs>[0];
}

/**
 * Where the time of a breach goes, as medians over `ticketIds`: from the deadline to Temporal
 * firing the timer, from there to the worker starting the workflow task, and from there to the
 * breach being written (the audit entry's commit time, `breachWrittenAt`).
 */
export async function breachTimeline(
  workflows: TicketWorkflows,
  tickets: { id: number; dueAt: number; writtenAt: number }[],
): Promise<string> {
  const firing: number[] = [];
  const dispatch: number[] = [];
  const writing: number[] = [];
  for (const ticket of tickets) {
    const history = await workflows.client.workflow.getHandle(`ticket-${ticket.id}`).fetchHistory();
    const events = (history.events ?? []) as TimedEvent[];
    const fired = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
    const started = events.findIndex((e, i) => i > fired && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    if (fired < 0 || started < 0) continue;
    const firedAt = tsToMs(events[fired]!.eventTime);
    const startedAt = tsToMs(events[started]!.eventTime);
    firing.push(firedAt - ticket.dueAt);
    dispatch.push(startedAt - firedAt);
    writing.push(ticket.writtenAt - startedAt);
  }
  const median = (ms: number[]) => `${quantile(ms, 0.5).toFixed(0)} ms`;
  return (
    `deadline → timer fired ${median(firing)}, → workflow task started ${median(dispatch)}, ` +
    `→ breach written ${median(writing)} (medians of ${firing.length})`
  );
}
