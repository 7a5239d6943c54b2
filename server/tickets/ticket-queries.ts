import type { Db } from '../../db/connection.js';
import { listMessages, listTicketAttachments } from '../../db/messages.js';
import { findRating } from '../../db/ratings.js';
import { listTicketEventEntries } from '../../db/ticket-events.js';
import { decodeCursor, listTickets } from '../../db/ticket-listing.js';
import { findTicketById } from '../../db/tickets.js';
import { businessSecondsBetween } from '../../domain/business-time.js';
import type { SlaState, SlaTargetState, TicketDetail, TicketEventEntry, TicketListPage } from '../../domain/ticket.js';
import type { ListTicketsQuery } from '../../domain/ticket-schemas.js';
import type { SlaSnapshot, TicketWorkflows } from '../../workflows/client.js';
import type { Caller } from '../auth/caller.js';
import { notFound, validationFailed } from '../http-error.js';
import { requireTicketAccess, ticketScopeOf } from './ticket-access.js';
import { throughWorkflow } from './through-workflow.js';

/** A page of the tickets the caller may see. */
export async function listVisibleTickets(db: Db, query: ListTicketsQuery, caller: Caller): Promise<TicketListPage> {
  const afterId = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && afterId === null) throw validationFailed([{ path: 'cursor', message: 'is not a cursor from a previous page' }]);
  return listTickets(db, ticketScopeOf(caller), { ...query, afterId });
}

/** A ticket with its conversation; internal notes only for staff. */
export async function getTicketDetail(db: Db, ticketId: number, caller: Caller): Promise<TicketDetail> {
  const access = await requireTicketAccess(db, ticketId, caller);
  const ticket = await findTicketById(db, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  const [messages, attachments, rating] = await Promise.all([
    listMessages(db, ticketId, { includeInternal: access.staff }),
    listTicketAttachments(db, ticketId, { includeInternal: access.staff }),
    findRating(db, ticketId),
  ]);
  return { ...ticket, messages, attachments, rating };
}

/** The audit trail (staff only). */
export async function getTicketEvents(db: Db, ticketId: number, caller: Caller): Promise<TicketEventEntry[]> {
  await requireTicketAccess(db, ticketId, caller);
  return listTicketEventEntries(db, ticketId);
}

function targetState(snapshot: SlaSnapshot, target: 'firstResponse' | 'resolution', now: Date): SlaTargetState {
  const clock = snapshot.clock?.[target];
  if (!snapshot.clock || !clock) return { dueAt: null, remainingSeconds: null, metAt: null, breachedAt: null };
  let remainingSeconds: number | null = null;
  if (!clock.metAt && clock.dueAt) {
    const due = new Date(clock.dueAt);
    const calendar = snapshot.clock.calendar;
    remainingSeconds = due > now ? businessSecondsBetween(calendar, now, due) : -businessSecondsBetween(calendar, due, now);
    if (snapshot.paused) remainingSeconds = clock.targetSeconds - snapshot.clock.consumedSeconds;
  }
  return { dueAt: clock.dueAt, remainingSeconds: remainingSeconds === null ? null : Math.round(remainingSeconds), metAt: clock.metAt, breachedAt: clock.breachedAt };
}

/** The live SLA state from the workflow query, with remaining business time computed now. */
export async function getTicketSla(db: Db, workflows: TicketWorkflows, ticketId: number, caller: Caller): Promise<SlaState> {
  await requireTicketAccess(db, ticketId, caller);
  const snapshot = await throughWorkflow(db, ticketId, () => workflows.getSla(ticketId));
  const now = new Date();
  if (!snapshot) {
    const ticket = await findTicketById(db, ticketId);
    const closedTarget = (dueAt: string | null): SlaTargetState => ({ dueAt, remainingSeconds: null, metAt: null, breachedAt: null });
    return { policy: null, calendar: null, paused: true, breached: ticket?.sla.breached ?? false, firstResponse: closedTarget(ticket?.sla.firstResponseDueAt ?? null), resolution: closedTarget(ticket?.sla.resolutionDueAt ?? null), nextTimer: null };
  }
  const clock = snapshot.clock;
  return {
    policy: clock ? { id: clock.policyId, name: clock.policyName } : null,
    calendar: clock ? { id: clock.calendarId, name: clock.calendarName, timezone: clock.calendar.timezone } : null,
    paused: snapshot.paused,
    breached: snapshot.breached,
    firstResponse: targetState(snapshot, 'firstResponse', now),
    resolution: targetState(snapshot, 'resolution', now),
    nextTimer: snapshot.nextTimer,
  };
}
