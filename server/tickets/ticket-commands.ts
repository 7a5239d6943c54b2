import type { Db } from '../../db/connection.js';
import { insertMessage } from '../../db/messages.js';
import { upsertRating } from '../../db/ratings.js';
import { teamExists } from '../../db/teams.js';
import { findTicketById, insertTicketWithOutbox } from '../../db/tickets.js';
import { isAssignableStaff } from '../../db/users.js';
import { isStaff } from '../../domain/roles.js';
import type { Ticket, TicketMessage, TicketRating } from '../../domain/ticket.js';
import type { Actor } from '../../domain/ticket-event-types.js';
import type { TicketChannel } from '../../domain/ticket-channels.js';
import type { CreateMessageInput, CreateTicketInput, PatchTicketInput, RatingInput } from '../../domain/ticket-schemas.js';
import type { TicketWorkflows } from '../../workflows/client.js';
import { relayNow } from '../../workflows/outbox-relay.js';
import type { Caller } from '../auth/caller.js';
import { authorize, authorizeOnTicket } from '../auth/permissions.js';
import { HttpError, notFound, validationFailed } from '../http-error.js';
import type { LiveEvents } from '../live-events.js';
import { recordTicketCreated } from '../metrics.js';
import { requireTicketAccess } from './ticket-access.js';
import { throughWorkflow } from './through-workflow.js';

/** What ticket commands are carried out with. */
export interface TicketCommandDependencies {
  db: Db;
  workflows: TicketWorkflows;
  live: LiveEvents;
}

const sourceOf = { api_key: 'api', session: 'portal', guest_link: 'guest' } as const satisfies Record<Caller['via'], Actor['source']>;
const actorOf = (caller: Caller): Actor => ({ userId: caller.userId, source: sourceOf[caller.via] });

async function reload(db: Db, id: number): Promise<Ticket> {
  const ticket = await findTicketById(db, id);
  if (!ticket) throw notFound(`Ticket ${id}`);
  return ticket;
}

/**
 * Commits a ticket with its audit event and outbox entry, then starts its workflow. When Temporal
 * is unreachable the ticket still exists and the reconciler starts the workflow later.
 */
export async function createTicket(deps: TicketCommandDependencies, input: CreateTicketInput, caller: Caller, channel: TicketChannel): Promise<Ticket> {
  const { ticket, outbox } = await insertTicketWithOutbox(deps.db, { ...input, requesterId: caller.userId, channel }, { actorId: caller.userId, source: actorOf(caller).source });
  recordTicketCreated(channel);
  await relayNow(deps.db, deps.workflows, outbox);
  return ticket;
}

/** Staff change status, priority, assignee or team through the workflow; `expectedVersion` guards against lost updates. */
export async function changeTicket(deps: TicketCommandDependencies, ticketId: number, input: PatchTicketInput, caller: Caller, ifMatchVersion: number | undefined): Promise<Ticket> {
  await requireTicketAccess(deps.db, ticketId, caller);
  const issues = [];
  if (input.assigneeId != null && !(await isAssignableStaff(deps.db, input.assigneeId))) issues.push({ path: 'assigneeId', message: 'must be an active staff member' });
  if (input.teamId != null && !(await teamExists(deps.db, input.teamId))) issues.push({ path: 'teamId', message: 'is not a team' });
  if (issues.length) throw validationFailed(issues);
  const expectedVersion = input.version ?? ifMatchVersion;
  const { version: _version, ...fields } = input;
  await throughWorkflow(deps.db, ticketId, () =>
    deps.workflows.change(ticketId, { ...fields, ...(expectedVersion !== undefined ? { expectedVersion } : {}), actor: actorOf(caller) }),
  );
  return reload(deps.db, ticketId);
}

/** Adds a reply (or, for staff, an internal note) and tells the workflow, which decides what it means for the lifecycle. */
export async function addMessage(deps: TicketCommandDependencies, ticketId: number, input: CreateMessageInput, caller: Caller): Promise<TicketMessage> {
  await requireTicketAccess(deps.db, ticketId, caller);
  if (input.internal) authorize(caller, 'tickets:note');
  const current = await deps.db('tickets').where({ id: ticketId }).first('status');
  if (current?.status === 'closed') throw new HttpError('conflict', 'This ticket is closed; open a new ticket to continue the conversation.', { reason: 'closed' });
  const actor = actorOf(caller);
  const message = await insertMessage(deps.db, { ticketId, authorId: caller.userId, body: input.body, internal: input.internal, source: actor.source });
  deps.live.messageCreated(message);
  // The message is committed: a workflow that cannot be told now is told by nobody, so this must
  // not fail the request; the reply stands and the next lifecycle event reconciles state.
  await throughWorkflow(deps.db, ticketId, () =>
    deps.workflows.messageAdded(ticketId, { messageId: message.id, authorId: caller.userId, byStaff: isStaff(caller.role), internal: input.internal, at: message.createdAt, source: actor.source }),
  ).catch(() => undefined);
  return message;
}

/** The requester or staff close a ticket (final). */
export async function closeTicket(deps: TicketCommandDependencies, ticketId: number, caller: Caller): Promise<Ticket> {
  authorizeOnTicket(caller, 'tickets:close', await requireTicketAccess(deps.db, ticketId, caller));
  await throughWorkflow(deps.db, ticketId, () => deps.workflows.change(ticketId, { status: 'closed', actor: actorOf(caller) }));
  return reload(deps.db, ticketId);
}

/** The requester or staff reopen a resolved ticket. */
export async function reopenTicket(deps: TicketCommandDependencies, ticketId: number, caller: Caller): Promise<Ticket> {
  authorizeOnTicket(caller, 'tickets:reopen', await requireTicketAccess(deps.db, ticketId, caller));
  await throughWorkflow(deps.db, ticketId, () => deps.workflows.change(ticketId, { status: 'open', actor: actorOf(caller) }));
  return reload(deps.db, ticketId);
}

/** The requester rates a resolved or closed ticket. */
export async function rateTicket(deps: TicketCommandDependencies, ticketId: number, input: RatingInput, caller: Caller): Promise<TicketRating> {
  authorizeOnTicket(caller, 'tickets:rate', await requireTicketAccess(deps.db, ticketId, caller));
  const ticket = await reload(deps.db, ticketId);
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
    throw new HttpError('conflict', 'A ticket can be rated once it is resolved.', { reason: 'not_resolved' });
  }
  return upsertRating(deps.db, { ticketId, userId: caller.userId, score: input.score, comment: input.comment ?? null });
}
