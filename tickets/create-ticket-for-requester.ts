import type { RequestKey } from '../db/idempotency-keys.js';
import { findOrCreateGuestUser, findUserByEmail, type User } from '../db/users.js';
import { permissionRefusal } from '../domain/permissions.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketChannel } from '../domain/ticket-channels.js';
import {
  staffTicketFieldNames,
  type CreateTicketRequest,
  type RequesterInput,
} from '../domain/ticket-for-requester-schemas.js';
import { invalidReferences } from './change-ticket.js';
import { createTicket } from './create-ticket.js';
import { ok, refused, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { invalidTicketFields } from './ticket-field-checks.js';

const requesterRefused = (path: string, message: string, sentence: string) =>
  refused('invalid_input', sentence, { issues: [{ path, message }] });

/**
 * The customer a ticket is raised for: the account with that address (any case), or a new guest
 * account made the way guest submissions make one. Staff accounts and deactivated ones are refused:
 * the requester gets the customer's e-mails and links.
 */
async function requesterFor(deps: TicketDeps, requester: RequesterInput): Promise<Outcome<User>> {
  const existing = await findUserByEmail(deps.db, requester.email);
  if (!existing && !requester.name)
    return requesterRefused(
      'requester.name',
      'is required for someone without an account',
      `Nobody has the address ${requester.email} yet: give their name to create a guest for them.`,
    );
  const user = existing ?? (await findOrCreateGuestUser(deps.db, { email: requester.email, name: requester.name! }));
  if (user.role !== 'customer')
    return requesterRefused(
      'requester.email',
      'belongs to a staff member; tickets are raised for customers',
      `${requester.email} is a staff member's address; raise the ticket for the customer.`,
    );
  if (!user.active)
    return requesterRefused(
      'requester.email',
      'belongs to a deactivated account',
      `The account of ${requester.email} is deactivated; reactivate it or use another address.`,
    );
  return ok(user);
}

/**
 * Raises a ticket as `POST /api/tickets` asks: the caller's own, or — with staff-only fields —
 * one staff raise for a customer (the back office's "New ticket for a customer" form too). `arrival` is the channel the request
 * came through, kept unless staff name how the customer reached them.
 */
export async function createRequestedTicket(
  deps: TicketDeps,
  request: CreateTicketRequest,
  actor: TicketActor,
  arrival: TicketChannel,
  requestKey?: RequestKey,
): Promise<Outcome<Ticket>> {
  const { requester, channel, teamId, assigneeId, tags, ...input } = request;
  const staffOnly = staffTicketFieldNames.filter((field) => request[field] !== undefined);
  if (staffOnly.length === 0) return createTicket(deps, input, actor, arrival, requestKey);
  const why = permissionRefusal(actor, 'tickets:create_for_requester', null);
  if (why) return refused('forbidden', `${why} Leave out ${staffOnly.join(', ')}.`);
  const badReference = await invalidReferences(deps, { teamId, assigneeId });
  if (badReference) return badReference;
  // Checked before a guest may be made for the requester, so a refused request leaves nothing behind
  // (createTicket checks them again, as it does for every way in).
  const badFields = await invalidTicketFields(deps, input.customFields, tags, actor);
  if (badFields) return badFields;
  const person = requester ? await requesterFor(deps, requester) : ok(null);
  if (person.kind !== 'ok') return person;
  // Through the same create path as every ticket: row, audit event (actor: the staff member) and
  // outbox commit together, then the workflow starts and e-mails the requester their link.
  return createTicket(deps, input, actor, channel ?? arrival, requestKey, {
    requesterId: person.value?.id ?? actor.userId,
    teamId,
    assigneeId,
    tags,
  });
}
