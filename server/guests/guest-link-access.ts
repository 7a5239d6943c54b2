import type { Db } from '../../db/connection.js';
import { guestTokenTicketId, verifyGuestToken } from '../../db/guest-links.js';
import { findTicketAudience } from '../../db/tickets.js';
import { findUserById } from '../../db/users.js';
import type { Caller } from '../auth/caller.js';
import { HttpError, notFound } from '../http-error.js';

/** The ticket a guest link opens, and the requester it lets the holder act as. */
export interface GuestLinkAccess {
  ticketId: number;
  caller: Caller;
}

/** The caller a guest acts as: the ticket's requester, seen as a customer whatever their role (and no organization: the link opens its ticket only). */
export function guestCaller(userId: number): Caller {
  return { userId, role: 'customer', organizationId: null, scopes: null, via: 'guest_link' };
}

// One answer for every link that does not open a ticket, so links cannot be probed.
const unknownLink = () => notFound('This link');

/**
 * Resolves a guest link's token to its ticket: 404 when it is malformed, tampered with, signed for
 * another requester or the requester is deactivated; 410 when it is genuine but expired.
 */
export async function requireGuestLink(db: Db, key: Buffer, token: string): Promise<GuestLinkAccess> {
  const ticketId = guestTokenTicketId(token);
  if (ticketId === null) throw unknownLink();
  const audience = await findTicketAudience(db, ticketId);
  const requester = audience ? await findUserById(db, audience.requesterId) : null;
  if (!requester?.active) throw unknownLink();
  const verdict = verifyGuestToken(key, token, requester.email);
  if (verdict === 'invalid') throw unknownLink();
  if (verdict === 'expired') {
    throw new HttpError('gone', 'This link has expired. Open the most recent e-mail about your request, or submit a new one mentioning your ticket number.');
  }
  return { ticketId, caller: guestCaller(requester.id) };
}
