import { guestLinkKey } from '../../db/guest-links.js';
import { findOrCreateGuestUser } from '../../db/users.js';
import type { GuestTicketReceipt, TicketDetail, TicketMessage } from '../../domain/ticket.js';
import type { GuestMessageInput, GuestTicketInput } from '../../domain/ticket-schemas.js';
import { getTicketDetail } from '../tickets/ticket-queries.js';
import { addMessage, createTicket, type TicketCommandDependencies } from '../tickets/ticket-commands.js';
import { guestCaller, requireGuestLink } from './guest-link-access.js';

/** What guest tickets are handled with: the ticket commands plus the key guest links are signed with. */
export interface GuestTicketDependencies extends TicketCommandDependencies {
  /** APP_SECRET_KEY; the link key is derived from it (see db/guest-links.ts). */
  appSecretKey: Buffer;
}

/**
 * Raises a ticket for someone without an account. The ticket's workflow e-mails the requester
 * ("we received your request"), and for guests that e-mail carries the signed link.
 */
export async function submitGuestTicket(deps: GuestTicketDependencies, input: GuestTicketInput): Promise<GuestTicketReceipt> {
  const { name, email, ...ticketInput } = input;
  const user = await findOrCreateGuestUser(deps.db, { name, email });
  const ticket = await createTicket(deps, ticketInput, guestCaller(user.id), 'guest');
  // The receipt names the requester as submitted: it must not tell an anonymous caller whether,
  // or under which name, an account with that address already exists.
  return {
    ticket: { ...ticket, requester: { id: ticket.requester.id, name, email } },
    message: `We sent a link to follow your request to ${email}.`,
  };
}

/** The ticket behind a guest link, with its public conversation only. */
export async function openGuestTicket(deps: GuestTicketDependencies, token: string): Promise<TicketDetail> {
  const { ticketId, caller } = await requireGuestLink(deps.db, guestLinkKey(deps.appSecretKey), token);
  return getTicketDetail(deps.db, ticketId, caller);
}

/** A reply through a guest link: a customer reply, which the workflow treats as such (e.g. reopening). */
export async function replyAsGuest(deps: GuestTicketDependencies, token: string, input: GuestMessageInput): Promise<TicketMessage> {
  const { ticketId, caller } = await requireGuestLink(deps.db, guestLinkKey(deps.appSecretKey), token);
  return addMessage(deps, ticketId, { body: input.body, internal: false }, caller);
}
