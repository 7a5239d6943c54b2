import type { TicketStatus } from '../../../domain/ticket-status.js';
import type { Ticket, TicketEventEntry } from '../../../domain/ticket.js';

/** One step of a ticket's status history. */
export interface StatusStep {
  status: TicketStatus;
  at: string;
}

function statusOf(value: unknown): TicketStatus | null {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? (status as TicketStatus) : null;
}

/** Status steps from the audit trail (staff callers): every event whose `after` names a status. */
export function stepsFromEvents(events: readonly TicketEventEntry[]): StatusStep[] {
  return events.flatMap((event) => {
    const status = statusOf(event.after);
    return status && status !== statusOf(event.before) ? [{ status, at: event.createdAt }] : [];
  });
}

/**
 * A simple status history for customers, who may not read the audit trail: the ticket was
 * created as `new`, then the changes seen live on this page, then the current status.
 */
export function buildStatusTimeline(
  ticket: Ticket,
  observed: readonly StatusStep[],
  fromEvents: readonly StatusStep[] | null,
): StatusStep[] {
  const steps: StatusStep[] = [{ status: 'new', at: ticket.createdAt }, ...(fromEvents ?? observed)];
  const deduped = steps.filter((step, i) => i === 0 || step.status !== steps[i - 1]?.status);
  if (deduped[deduped.length - 1]?.status !== ticket.status)
    deduped.push({ status: ticket.status, at: ticket.updatedAt });
  return deduped;
}
