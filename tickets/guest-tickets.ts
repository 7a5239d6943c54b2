import type { RequestKey } from '../db/idempotency-keys.js';
import { guestLinkKey, guestTokenTicketId, verifyGuestToken } from '../db/guest-links.js';
import { findMergedIntoTicketId } from '../db/ticket-merges.js';
import { findTicketAudience } from '../db/tickets.js';
import { findOrCreateGuestUser, findUserById } from '../db/users.js';
import type { GuestTicketReceipt, TicketDetail, TicketMessage } from '../domain/ticket.js';
import type { GuestMessageInput, GuestTicketInput } from '../domain/ticket-schemas.js';
import { addMessage } from './add-message.js';
import { createTicket } from './create-ticket.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { invalidTicketFields } from './ticket-field-checks.js';
import { getTicketDetail } from './ticket-queries.js';

/** What guest tickets are handled with: the ticket dependencies plus the key guest links are signed with. */
export interface GuestTicketDeps extends TicketDeps {
  /** APP_SECRET_KEY; the link key is derived from it (see db/guest-links.ts). */
  appSecretKey: Buffer;
}

/** The actor a guest is: the ticket's requester, seen as a customer whatever their role, with no organization (the link opens its ticket only). */
export function guestActor(userId: number): TicketActor {
  return { userId, role: 'customer', organizationId: null, scopes: null, source: 'guest' };
}

// One answer for every link that does not open a ticket, so links cannot be probed.
const unknownLink = notFound('This link');

/**
 * Resolves a guest link's token to its ticket and the requester it lets the holder act as:
 * not found when it is malformed, tampered with, signed for another requester or the requester is
 * deactivated; refused (`link_expired`) when it is genuine but expired.
 */
export async function resolveGuestLink(
  deps: GuestTicketDeps,
  token: string,
): Promise<Outcome<{ ticketId: number; actor: TicketActor }>> {
  const ticketId = guestTokenTicketId(token);
  if (ticketId === null) return unknownLink;
  const audience = await findTicketAudience(deps.db, ticketId);
  const requester = audience ? await findUserById(deps.db, audience.requesterId) : null;
  if (!requester?.active) return unknownLink;
  const verdict = verifyGuestToken(guestLinkKey(deps.appSecretKey), token, requester.email);
  if (verdict === 'invalid') return unknownLink;
  if (verdict === 'expired')
    return refused(
      'link_expired',
      'This link has expired. Open the most recent e-mail about your request, or submit a new one mentioning your ticket number.',
    );
  return ok({ ticketId, actor: guestActor(requester.id) });
}

/**
 * Raises a ticket for someone without an account. The ticket's workflow e-mails the requester
 * ("we received your request"), and for guests that e-mail carries the signed link.
 */
export async function submitGuestTicket(
  deps: GuestTicketDeps,
  input: GuestTicketInput,
  requestKey?: RequestKey,
): Promise<Outcome<GuestTicketReceipt>> {
  const { name, email, ...ticketInput } = input;
  // Checked before the guest's account is made, so a refused submission leaves nothing behind.
  const badFields = await invalidTicketFields(deps, ticketInput.customFields, undefined, { role: 'customer' });
  if (badFields) return badFields;
  const user = await findOrCreateGuestUser(deps.db, { name, email });
  const created = await createTicket(deps, ticketInput, guestActor(user.id), 'guest', requestKey);
  if (created.kind !== 'ok') return created;
  const ticket = created.value;
  // Nothing that depends on who the address belongs to: no ids (an existing account's user id),
  // no requester, and nothing derived from their organization (team, SLA deadlines).
  const { number, title, status, priority, createdAt } = ticket;
  return ok({
    ticket: { number, title, status, priority, createdAt },
    message: `We sent a link to follow your request to ${email}.`,
  });
}

// A merge is never into a merged ticket, but the target may be merged on later: a few hops at most.
const mergeHopsFollowed = 5;

/**
 * Where a link to a merged ticket leads: the ticket it was merged into (and on, when that one was
 * merged too), as far as the holder may see; the link's own ticket when it was not merged.
 */
async function followMerges(deps: GuestTicketDeps, ticketId: number, actor: TicketActor): Promise<number> {
  let current = ticketId;
  for (let hop = 0; hop < mergeHopsFollowed; hop++) {
    const next = await findMergedIntoTicketId(deps.db, current);
    if (next === null || !(await findTicketAccess(deps.db, next, actor))) break;
    current = next;
  }
  return current;
}

/**
 * The ticket behind a guest link, with its public conversation only. A link to a ticket merged into
 * another opens that other ticket, where the conversation goes on.
 */
export async function openGuestTicket(deps: GuestTicketDeps, token: string): Promise<Outcome<TicketDetail>> {
  const link = await resolveGuestLink(deps, token);
  if (link.kind !== 'ok') return link;
  return getTicketDetail(deps, await followMerges(deps, link.value.ticketId, link.value.actor), link.value.actor);
}

/** A reply through a guest link: a customer reply, which the workflow treats as such (e.g. reopening). */
export async function replyAsGuest(
  deps: GuestTicketDeps,
  token: string,
  input: GuestMessageInput,
  requestKey?: RequestKey,
): Promise<Outcome<TicketMessage>> {
  const link = await resolveGuestLink(deps, token);
  if (link.kind !== 'ok') return link;
  const ticketId = await followMerges(deps, link.value.ticketId, link.value.actor);
  return addMessage(deps, ticketId, { body: input.body, internal: false }, link.value.actor, requestKey);
}
