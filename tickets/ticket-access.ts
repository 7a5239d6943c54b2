import type { Db } from '../db/connection.js';
import type { TicketScope } from '../db/ticket-listing.js';
import { isMergedParticipant } from '../db/ticket-merges.js';
import { findTicketAudience } from '../db/tickets.js';
import { permissionRefusal, type Permission } from '../domain/permissions.js';
import { isStaff } from '../domain/roles.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import { refused, type Refusal } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';

/** What the actor is to a ticket they may see, and the ticket's status. */
export interface TicketAccess {
  ticketId: number;
  staff: boolean;
  requester: boolean;
  requesterId: number;
  status: TicketStatus;
}

/** Which tickets an actor's lists show: all for staff, their own and organization-shared ones for customers. */
export function ticketScopeOf(actor: TicketActor): TicketScope {
  if (isStaff(actor.role)) return { kind: 'all' };
  return { kind: 'customer', userId: actor.userId, organizationId: actor.organizationId };
}

/**
 * The actor's access to a ticket, or null when there is no such ticket or it is not theirs to see
 * (the same answer, so ids cannot be probed). Staff see every ticket; customers their own, their
 * organization's when it shares tickets, and those their own ticket was merged into (the conversation
 * they started goes on there).
 */
export async function findTicketAccess(db: Db, ticketId: number, actor: TicketActor): Promise<TicketAccess | null> {
  const audience = await findTicketAudience(db, ticketId);
  if (!audience) return null;
  const requester = audience.requesterId === actor.userId;
  const base = { ticketId, requester, requesterId: audience.requesterId, status: audience.status };
  if (isStaff(actor.role)) return { ...base, staff: true };
  if (requester) return { ...base, staff: false };
  const sameOrganization =
    audience.organizationShares && audience.organizationId !== null && actor.organizationId === audience.organizationId;
  if (sameOrganization || (await isMergedParticipant(db, ticketId, actor.userId))) return { ...base, staff: false };
  return null;
}

/** The refusal when the permission table (domain/permissions.ts) says the actor may not do `permission` to this ticket. */
export function permissionRefusalOn(actor: TicketActor, permission: Permission, access: TicketAccess): Refusal | null {
  const why = permissionRefusal(actor, permission, { requesterId: access.requesterId });
  return why ? refused('forbidden', why) : null;
}
