import type { RequestKey } from '../db/idempotency-keys.js';
import { findActiveMacro } from '../db/macros.js';
import { insertTicketEvent } from '../db/ticket-events.js';
import { updateTicketTags } from '../db/ticket-tags.js';
import { findTicketById } from '../db/tickets.js';
import { findUserById } from '../db/users.js';
import type { Macro, MacroApplication } from '../domain/macro-schemas.js';
import { macroValuesOf, renderMacroBody } from '../domain/macro-template.js';
import type { Ticket, TicketMessage } from '../domain/ticket.js';
import { allowedTransitions, canTransition, describeRefusedTransition, isFinal } from '../domain/ticket-status.js';
import { addMessage } from './add-message.js';
import { changeTicket, invalidReferences, type LifecycleChange } from './change-ticket.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { recordFieldsEdited } from './record-field-edit.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import { checkTicketTags, statusNeedsFields } from './ticket-field-checks.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { closedTicketMessage } from './through-workflow.js';

/** The lifecycle fields a macro asks the workflow for (none set: no workflow call). */
export function lifecycleChangeOf(macro: Macro): LifecycleChange {
  return {
    ...(macro.setStatus ? { status: macro.setStatus } : {}),
    ...(macro.setPriority ? { priority: macro.setPriority } : {}),
    ...(macro.setTeamId ? { teamId: macro.setTeamId } : {}),
    ...(macro.setAssigneeId ? { assigneeId: macro.setAssigneeId } : {}),
  };
}

// What the workflow would refuse, asked before anything is written: a closed ticket, a forbidden move.
function lifecycleRefusal(macro: Macro, ticket: Ticket): Outcome<never> | null {
  if (isFinal(ticket.status)) return refused('closed', closedTicketMessage);
  const to = macro.setStatus;
  if (to && to !== ticket.status && !canTransition(ticket.status, to))
    return refused('invalid_transition', `${macro.name}: ${describeRefusedTransition(ticket.status, to)}`, {
      allowed: allowedTransitions[ticket.status],
    });
  return null;
}

async function renderedReply(deps: TicketDeps, macro: Macro, ticket: Ticket, actor: TicketActor) {
  if (!macro.body) return null;
  const agent = await findUserById(deps.db, actor.userId);
  const values = macroValuesOf({
    ticket,
    requester: ticket.requester,
    agent: { name: agent?.name ?? '', email: agent?.email ?? '' },
  });
  return renderMacroBody(macro.body, values);
}

/** The reply the macro would post on this ticket for this agent (the back office's preview); null without a body. */
export async function previewMacro(
  deps: TicketDeps,
  ticketId: number,
  macroId: number,
  actor: TicketActor,
): Promise<Outcome<{ macro: Macro; body: string | null }>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  const forbidden = permissionRefusalOn(actor, 'macros:apply', access);
  if (forbidden) return forbidden;
  const [ticket, macro] = await Promise.all([findTicketById(deps.db, ticketId), findActiveMacro(deps.db, macroId)]);
  if (!ticket) return notFound(`Ticket ${ticketId}`);
  if (!macro) return notFound(`Macro ${macroId}`);
  return ok({ macro, body: await renderedReply(deps, macro, ticket, actor) });
}

/**
 * Applies a macro to a ticket as one audited step: its lifecycle changes through the workflow (the
 * existing change command), its reply or note through the normal reply path with placeholders filled,
 * its tags, and a `macro_applied` audit entry naming it. What the lifecycle would refuse is refused
 * before anything is written. The change goes first, so a refusal from the workflow leaves no reply
 * behind, except for a macro that closes the ticket: a closed ticket takes no reply, so it replies first.
 */
export async function applyMacro(
  deps: TicketDeps,
  ticketId: number,
  macroId: number,
  actor: TicketActor,
  requestKey?: RequestKey,
): Promise<Outcome<MacroApplication>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  const forbidden = permissionRefusalOn(actor, 'macros:apply', access);
  if (forbidden) return forbidden;
  const [macro, ticket] = await Promise.all([findActiveMacro(deps.db, macroId), findTicketById(deps.db, ticketId)]);
  if (!macro) return notFound(`Macro ${macroId}`);
  if (!ticket) return notFound(`Ticket ${ticketId}`);
  const change = lifecycleChangeOf(macro);
  const refusal =
    lifecycleRefusal(macro, ticket) ??
    (await invalidReferences(deps, change)) ??
    (change.status && change.status !== ticket.status
      ? await statusNeedsFields(deps.db, ticketId, change.status)
      : null);
  if (refusal) return refusal;
  // The tag list may have changed since the macro was written: its tags are checked when it is applied.
  const addTags = await checkTicketTags(deps.db, macro.addTags, 'addTags');
  if (!addTags.ok)
    return refused('invalid_input', `${macro.name}: ${addTags.issues.map((i) => i.message).join('; ')}.`, {
      issues: addTags.issues,
    });

  const body = await renderedReply(deps, macro, ticket, actor);
  const reply = async (): Promise<Outcome<TicketMessage | null>> =>
    body ? addMessage(deps, ticketId, { body, internal: macro.internal }, actor, requestKey) : ok(null);
  const replyFirst = change.status === 'closed';
  let message: TicketMessage | null = null;
  if (replyFirst) {
    const posted = await reply();
    if (posted.kind !== 'ok') return posted;
    message = posted.value;
  }
  if (Object.keys(change).length) {
    const changed = await changeTicket(deps, ticketId, change, actor);
    if (changed.kind !== 'ok') return changed;
  }
  if (!replyFirst) {
    const posted = await reply();
    if (posted.kind !== 'ok') return posted;
    message = posted.value;
  }

  await deps.db.transaction(async (trx) => {
    const tags = await updateTicketTags(trx, ticketId, { add: addTags.value, remove: macro.removeTags });
    if (tags) await recordFieldsEdited(trx, ticketId, actor, { tags: tags.before }, { tags: tags.after });
    await insertTicketEvent(trx, {
      ticketId,
      actorId: actor.userId,
      source: actor.source,
      type: 'macro_applied',
      after: {
        macroId: macro.id,
        macroName: macro.name,
        messageId: message?.id ?? null,
        internal: macro.internal,
        changes: change,
        addTags: macro.addTags,
        removeTags: macro.removeTags,
      },
    });
  });
  const after = await findTicketById(deps.db, ticketId);
  if (!after) return notFound(`Ticket ${ticketId}`);
  deps.live.ticketUpdated(after);
  return ok({ macro: { id: macro.id, name: macro.name }, ticket: after, message });
}

/** One ticket's answer when a macro is applied to many. */
export interface MacroBulkResult {
  ticketId: number;
  outcome: Outcome<MacroApplication>;
}

/** Applies a macro to many tickets, one after another; a refusal of one stops none of the others. */
export async function applyMacroToTickets(
  deps: TicketDeps,
  ticketIds: readonly number[],
  macroId: number,
  actor: TicketActor,
): Promise<MacroBulkResult[]> {
  const results: MacroBulkResult[] = [];
  for (const ticketId of ticketIds)
    results.push({ ticketId, outcome: await applyMacro(deps, ticketId, macroId, actor) });
  return results;
}
