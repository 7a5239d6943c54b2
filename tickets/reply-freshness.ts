import {
  findConversationMark,
  listLaterMessages,
  type ConversationMark,
  type LaterMessage,
} from '../db/conversation-marks.js';
import type { TicketMessage } from '../domain/ticket.js';
import { addMessage, type NewMessageInput } from './add-message.js';
import { notFound, ok, stale, type Outcome } from './outcome.js';
import { findTicketAccess } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

export type { ConversationMark } from '../db/conversation-marks.js';

/** Where the ticket stands now, for a reply form to send back with its message; not found for tickets the actor may not see. */
export async function markConversation(
  deps: Pick<TicketDeps, 'db'>,
  ticketId: number,
  actor: TicketActor,
): Promise<Outcome<ConversationMark>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  const mark = access ? await findConversationMark(deps.db, ticketId) : null;
  return mark ? ok(mark) : notFound(`Ticket ${ticketId}`);
}

const listed = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * What happened since a reply form was opened, in words for its author; null when nothing did.
 * Messages by others come first ("Ana Agent replied since you opened this ticket."); a version
 * change alone (status, priority, team, assignee) is "The ticket changed…".
 */
export function changesSinceOpened(later: LaterMessage[], versionChanged: boolean): string | null {
  if (later.length > 0) {
    const names = [...new Set(later.map((m) => m.authorName ?? 'Someone'))];
    const verb = later.every((m) => m.internal)
      ? 'added an internal note'
      : later.some((m) => m.internal)
        ? 'replied or added a note'
        : 'replied';
    return `${listed(names)} ${verb} since you opened this ticket.`;
  }
  return versionChanged ? 'The ticket changed since you opened it (its status, priority, team or assignee).' : null;
}

/**
 * A reply or internal note that first checks nothing happened since its author opened the form: the
 * ticket's version (the same version ETag/If-Match guards changes with) and messages by others
 * after the newest one they saw. Answers `stale` with who did what, so the author can send anyway
 * (call again without `seen`) or reload. A check, not a lock: two sends in the same instant both go.
 */
export async function addMessageUnlessChanged(
  deps: TicketDeps,
  ticketId: number,
  input: NewMessageInput,
  actor: TicketActor,
  seen: ConversationMark | null,
): Promise<Outcome<TicketMessage>> {
  if (seen) {
    const access = await findTicketAccess(deps.db, ticketId, actor);
    const now = access ? await findConversationMark(deps.db, ticketId) : null;
    if (!now) return notFound(`Ticket ${ticketId}`);
    const later = await listLaterMessages(deps.db, ticketId, seen.lastMessageId, actor.userId);
    const changes = changesSinceOpened(later, now.version !== seen.version);
    if (changes) return stale(changes);
  }
  return addMessage(deps, ticketId, input, actor);
}
