import type { Db } from '../../db/connection.js';
import type { TicketScope } from '../../db/ticket-listing.js';
import { findTicketAudience } from '../../db/tickets.js';
import { isStaff } from '../../domain/roles.js';
import type { Caller } from '../auth/caller.js';
import { notFound } from '../http-error.js';

/** Which tickets a caller's lists show: all for staff, own and organization-shared for customers. */
export function ticketScopeOf(caller: Caller): TicketScope {
  if (isStaff(caller.role)) return { kind: 'all' };
  return { kind: 'customer', userId: caller.userId, organizationId: caller.organizationId };
}

/** What the caller is to a ticket they may see. */
export interface TicketAccess {
  staff: boolean;
  requester: boolean;
  requesterId: number;
}

/**
 * Resolves the caller's access to a ticket, or throws 404 — also for tickets that exist but are
 * not theirs, so ids cannot be probed.
 */
export async function requireTicketAccess(db: Db, ticketId: number, caller: Caller): Promise<TicketAccess> {
  const audience = await findTicketAudience(db, ticketId);
  if (!audience) throw notFound(`Ticket ${ticketId}`);
  const requester = audience.requesterId === caller.userId;
  const { requesterId } = audience;
  if (isStaff(caller.role)) return { staff: true, requester, requesterId };
  if (requester) return { staff: false, requester: true, requesterId };
  if (audience.organizationShares && audience.organizationId !== null && caller.organizationId === audience.organizationId) {
    return { staff: false, requester: false, requesterId };
  }
  throw notFound(`Ticket ${ticketId}`);
}
