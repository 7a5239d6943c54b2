import { effectId, findIdempotentEffect, type RequestKey } from '../db/idempotency-keys.js';
import { findTicketMessage, insertMessageWithOutbox } from '../db/messages.js';
import { messageForCustomers } from '../domain/customer-view.js';
import { isStaff } from '../domain/roles.js';
import type { TicketMessage } from '../domain/ticket.js';
import { acceptsReplies } from '../domain/ticket-status.js';
import type { MessageAdded } from '../workflows/client.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { resolveMentionedStaff } from './note-mentions.js';
import { findTicketAccess, permissionRefusalOn } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

/** A reply, or (staff) an internal note. */
export interface NewMessageInput {
  body: string;
  internal: boolean;
}

/** The sentence for a reply to a closed ticket. */
export const closedConversationMessage = 'This ticket is closed; open a new ticket to continue the conversation.';

/**
 * Adds a reply or internal note. The message, its audit entry and the `messageAdded` signal for the
 * ticket's workflow (in the outbox) commit in one transaction, so the workflow hears of every
 * message, exactly in order, even when Temporal is down or the workflow has not started yet: the
 * relay delivers it now if it can, else when Temporal answers again. The workflow decides what the
 * message means (a staff reply meets the first response; a customer's reopens a resolved ticket; a
 * note's mentions, resolved here to staff ids, tell those staff).
 */
export async function addMessage(
  deps: TicketDeps,
  ticketId: number,
  input: NewMessageInput,
  actor: TicketActor,
  requestKey?: RequestKey,
): Promise<Outcome<TicketMessage>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  // A retry of a keyed request whose first attempt committed gets that message, not a second one.
  const earlier = requestKey ? effectId(await findIdempotentEffect(deps.db, requestKey), 'message') : null;
  const existing = earlier === null ? null : await findTicketMessage(deps.db, ticketId, earlier);
  if (existing) return ok(asSeenBy(actor, existing));
  const refusal = input.internal ? permissionRefusalOn(actor, 'tickets:note', access) : null;
  if (refusal) return refusal;
  if (!acceptsReplies(access.status)) return refused('closed', closedConversationMessage);
  // Mentions notify staff about a note; a public reply's `@name` is just text to the customer.
  const mentionedUserIds = input.internal ? await resolveMentionedStaff(deps.db, input.body, actor.userId) : [];
  const { message } = await insertMessageWithOutbox(
    deps.db,
    { ticketId, authorId: actor.userId, body: input.body, internal: input.internal, source: actor.source },
    (stored) => {
      const signal: MessageAdded = {
        messageId: stored.id,
        authorId: actor.userId,
        byStaff: isStaff(actor.role),
        internal: stored.internal,
        at: stored.createdAt,
        source: actor.source,
        ...(mentionedUserIds.length > 0 ? { mentionedUserIds } : {}),
      };
      return { ...signal };
    },
    requestKey,
  );
  deps.live.messageCreated(message);
  await deps.relay.relayTicket(ticketId);
  return ok(asSeenBy(actor, message));
}

/** The message as its author gets it back: customers see people by name only. */
function asSeenBy(actor: TicketActor, message: TicketMessage): TicketMessage {
  return isStaff(actor.role) ? message : messageForCustomers(message);
}
