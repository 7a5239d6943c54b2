import { findOpeningMessageId } from '../db/mail-threads.js';
import { listMessages, listTicketAttachments } from '../db/messages.js';
import { findRating } from '../db/ratings.js';
import { listTicketEventEntries } from '../db/ticket-events.js';
import { decodeCursor, listTickets } from '../db/ticket-listing.js';
import { messageForCustomers } from '../domain/customer-view.js';
import type { TicketDetail, TicketEventEntry, TicketListPage } from '../domain/ticket.js';
import type { ListTicketsQuery } from '../domain/ticket-schemas.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess, permissionRefusalOn, ticketScopeOf } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { ticketAsSeenBy } from './ticket-field-checks.js';

/** A page of the tickets the actor may see, newest first; `cursor` comes from the previous page. */
export async function listVisibleTickets(
  deps: Pick<TicketDeps, 'db'>,
  query: ListTicketsQuery,
  actor: TicketActor,
): Promise<Outcome<TicketListPage>> {
  const afterId = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && afterId === null)
    return refused('invalid_input', 'The cursor is not one from a previous page.', {
      issues: [{ path: 'cursor', message: 'is not a cursor from a previous page' }],
    });
  return ok(await listTickets(deps.db, ticketScopeOf(actor), { ...query, afterId }));
}

/** A ticket with its conversation, attachments and rating; internal notes (and their files) only for staff. */
export async function getTicketDetail(
  deps: Pick<TicketDeps, 'db'>,
  ticketId: number,
  actor: TicketActor,
): Promise<Outcome<TicketDetail>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  const ticket = access ? await ticketAsSeenBy(deps.db, ticketId, actor) : null;
  if (!access || !ticket) return notFound(`Ticket ${ticketId}`);
  const [messages, attachments, rating] = await Promise.all([
    listMessages(deps.db, ticketId, { includeInternal: access.staff }),
    listTicketAttachments(deps.db, ticketId, { includeInternal: access.staff }),
    findRating(deps.db, ticketId),
  ]);
  return ok({
    ...ticket,
    messages: access.staff ? messages : messages.map(messageForCustomers),
    attachments,
    rating,
    messageId: await findOpeningMessageId(deps.db, ticketId),
  });
}

/** The ticket's audit trail, oldest first (staff). */
export async function getTicketEvents(
  deps: Pick<TicketDeps, 'db'>,
  ticketId: number,
  actor: TicketActor,
): Promise<Outcome<TicketEventEntry[]>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  const refusal = permissionRefusalOn(actor, 'tickets:events', access);
  if (refusal) return refusal;
  return ok(await listTicketEventEntries(deps.db, ticketId));
}
