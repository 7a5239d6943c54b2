import { findTicketIdByNumber, lockTicketsForMerge, writeTicketMerge } from '../db/ticket-merges.js';
import { findTicketById } from '../db/tickets.js';
import type { TicketMerge } from '../domain/ticket.js';
import { mergeRefusal } from '../domain/ticket-merge.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';
import { ticketAsSeenBy } from './ticket-field-checks.js';

/**
 * Merges a duplicate into another ticket, as one transaction: the duplicate's messages (copied, each
 * marked with the one it came from) and attachments appear in the target's conversation, its
 * requester and participants join the target, the duplicate links to the target, both audit trails
 * say so, and both workflows are signalled through the outbox: the duplicate's closes as `merged`
 * (its SLA timers end) and tells its requester where to follow. Refused with a reason when circular,
 * into a closed ticket, or across organizations unless an admin merges.
 */
export async function mergeTickets(
  deps: TicketDeps,
  duplicateId: number,
  targetId: number,
  actor: TicketActor,
): Promise<Outcome<TicketMerge>> {
  const [access, targetAccess] = await Promise.all([
    findTicketAccess(deps.db, duplicateId, actor),
    findTicketAccess(deps.db, targetId, actor),
  ]);
  if (!access) return notFound(`Ticket ${duplicateId}`);
  const forbidden = permissionRefusalOn(actor, 'tickets:merge', access);
  if (forbidden) return forbidden;
  if (!targetAccess)
    return refused('invalid_input', `There is no ticket ${targetId} to merge into.`, {
      issues: [{ path: 'into', message: 'is not a ticket' }],
    });

  const written = await deps.db.transaction(async (trx) => {
    const rows = await lockTicketsForMerge(trx, [duplicateId, targetId]);
    const duplicate = rows.get(duplicateId);
    const target = rows.get(targetId);
    if (!duplicate || !target) return notFound(`Ticket ${duplicateId}`);
    const why = mergeRefusal(duplicate, target, actor.role === 'admin');
    if (why)
      return refused(
        why.reason,
        why.message,
        why.reason === 'invalid_input' ? { issues: [{ path: 'into', message: why.message }] } : {},
      );
    const writes = await writeTicketMerge(trx, {
      duplicate,
      target,
      actor: { userId: actor.userId, source: actor.source },
    });
    return ok(writes);
  });
  if (written.kind !== 'ok') return written;

  // The signals are committed; delivering them now closes the duplicate while the agent watches.
  await deps.relay.relayTicket(duplicateId);
  await deps.relay.relayTicket(targetId);
  const [duplicate, target] = await Promise.all([
    findTicketById(deps.db, duplicateId),
    findTicketById(deps.db, targetId),
  ]);
  if (!duplicate || !target) return notFound(`Ticket ${duplicateId}`);
  deps.live.ticketUpdated(duplicate);
  deps.live.ticketUpdated(target);
  // The live events carry what customers may see; the answer, what the actor (staff) may see.
  const [seenDuplicate, seenTarget] = await Promise.all([
    ticketAsSeenBy(deps.db, duplicateId, actor),
    ticketAsSeenBy(deps.db, targetId, actor),
  ]);
  return ok({
    duplicate: seenDuplicate ?? duplicate,
    target: seenTarget ?? target,
    copiedMessageIds: written.value.copiedMessages.map((m) => m.to),
    addedParticipantIds: written.value.addedParticipantIds,
  });
}

/** A ticket number as people type it: `TF-1002`, `tf-1002` or `1002`. */
function normalisedNumber(typed: string): string | null {
  const text = typed.trim().toUpperCase();
  if (/^\d{1,12}$/.test(text)) return `TF-${text}`;
  return /^TF-\d{1,12}$/.test(text) ? text : null;
}

/** Merges a duplicate into the ticket with the number the agent typed (the back office's "Merge into…"). */
export async function mergeTicketIntoNumber(
  deps: TicketDeps,
  duplicateId: number,
  typedNumber: string,
  actor: TicketActor,
): Promise<Outcome<TicketMerge>> {
  const number = normalisedNumber(typedNumber);
  const targetId = number ? await findTicketIdByNumber(deps.db, number) : null;
  if (targetId === null)
    return refused(
      'invalid_input',
      number ? `There is no ticket ${number}.` : 'Type the number of the ticket to merge into, e.g. TF-1002.',
      { issues: [{ path: 'into', message: number ? 'is not a ticket' : 'must be a ticket number like TF-1002' }] },
    );
  return mergeTickets(deps, duplicateId, targetId, actor);
}
