import { teamExists } from '../db/teams.js';
import { isAssignableStaff } from '../db/users.js';
import type { FieldIssue } from '../domain/api-error.js';
import type { CustomFieldValues } from '../domain/custom-fields.js';
import { isStaff } from '../domain/roles.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketChangeRequest } from '../workflows/client.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { statusNeedsFields, ticketAsSeenBy } from './ticket-field-checks.js';
import { throughWorkflow } from './through-workflow.js';

/** Lifecycle fields a change may set; the workflow is their only writer. */
export type LifecycleChange = Omit<TicketChangeRequest, 'actor' | 'expectedVersion'>;

async function reload(deps: TicketDeps, ticketId: number, actor: TicketActor): Promise<Outcome<Ticket>> {
  const ticket = await ticketAsSeenBy(deps.db, ticketId, actor);
  return ticket ? ok(ticket) : notFound(`Ticket ${ticketId}`);
}

/** The refusal when a change (or a new ticket's placement) names an assignee or team that does not exist or cannot take tickets. */
export async function invalidReferences(deps: TicketDeps, change: LifecycleChange): Promise<Outcome<never> | null> {
  const issues: FieldIssue[] = [];
  const sentences: string[] = [];
  if (change.assigneeId != null && !(await isAssignableStaff(deps.db, change.assigneeId))) {
    issues.push({ path: 'assigneeId', message: 'must be an active staff member' });
    sentences.push('The assignee must be an active staff member.');
  }
  if (change.teamId != null && !(await teamExists(deps.db, change.teamId))) {
    issues.push({ path: 'teamId', message: 'is not a team' });
    sentences.push('That team does not exist.');
  }
  return issues.length ? refused('invalid_input', sentences.join(' '), { issues }) : null;
}

/**
 * Staff change status, priority, assignee or team through the ticket's workflow (validated there,
 * against the allowed moves); `expectedVersion` refuses the change when someone changed the ticket
 * since the actor read it. A move to a status some custom field is required for is refused while that
 * field is empty (`customFieldsAfter`: the values an edit in the same request will store).
 */
export async function changeTicket(
  deps: TicketDeps,
  ticketId: number,
  change: LifecycleChange,
  actor: TicketActor,
  expectedVersion?: number,
  customFieldsAfter?: CustomFieldValues,
): Promise<Outcome<Ticket>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  const refusal =
    permissionRefusalOn(actor, 'tickets:update', access) ??
    (await invalidReferences(deps, change)) ??
    (change.status && change.status !== access.status
      ? await statusNeedsFields(deps.db, ticketId, change.status, customFieldsAfter)
      : null);
  if (refusal) return refusal;
  const outcome = await throughWorkflow(deps.db, ticketId, () =>
    deps.workflows.change(ticketId, {
      ...change,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      actor: { userId: actor.userId, source: actor.source },
    }),
  );
  return outcome.kind === 'ok' ? reload(deps, ticketId, actor) : outcome;
}

async function requesterOrStaffMove(
  deps: TicketDeps,
  ticketId: number,
  actor: TicketActor,
  permission: 'tickets:close' | 'tickets:reopen',
  status: 'closed' | 'open',
): Promise<Outcome<Ticket>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  // Required custom fields bind staff; a customer closing or reopening their own ticket cannot fill
  // in staff-only fields, so they are not held to them.
  const refusal =
    permissionRefusalOn(actor, permission, access) ??
    (isStaff(actor.role) ? await statusNeedsFields(deps.db, ticketId, status) : null);
  if (refusal) return refusal;
  const outcome = await throughWorkflow(deps.db, ticketId, () =>
    deps.workflows.change(ticketId, { status, actor: { userId: actor.userId, source: actor.source } }),
  );
  return outcome.kind === 'ok' ? reload(deps, ticketId, actor) : outcome;
}

/** The requester or staff close a ticket (final). */
export function closeTicket(deps: TicketDeps, ticketId: number, actor: TicketActor): Promise<Outcome<Ticket>> {
  return requesterOrStaffMove(deps, ticketId, actor, 'tickets:close', 'closed');
}

/** The requester or staff reopen a resolved ticket. */
export function reopenTicket(deps: TicketDeps, ticketId: number, actor: TicketActor): Promise<Outcome<Ticket>> {
  return requesterOrStaffMove(deps, ticketId, actor, 'tickets:reopen', 'open');
}

/** One ticket's answer in a bulk change. */
export interface BulkResult {
  ticketId: number;
  outcome: Outcome<Ticket>;
}

/**
 * Applies one change to many tickets, one after another: each is its own workflow update, and a
 * refusal of one stops none of the others.
 */
export async function changeTickets(
  deps: TicketDeps,
  ticketIds: readonly number[],
  change: LifecycleChange,
  actor: TicketActor,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const ticketId of ticketIds)
    results.push({ ticketId, outcome: await changeTicket(deps, ticketId, change, actor) });
  return results;
}
