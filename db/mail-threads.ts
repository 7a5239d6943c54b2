import type { Knex } from 'knex';

/** The ticket a thread of Message-IDs belongs to: the most recent match wins. */
export async function findTicketByMessageIds(db: Knex, messageIds: readonly string[]): Promise<number | null> {
  if (messageIds.length === 0) return null;
  const row = await db('mail_message_ids')
    .whereIn('message_id', [...messageIds])
    .orderBy('id', 'desc')
    .first('ticket_id');
  return row ? row.ticket_id : null;
}

/** Records a Message-ID sent or received for a ticket (once per ticket). */
export async function recordMailMessageId(
  db: Knex,
  entry: {
    ticketId: number;
    messageId: string;
    direction: 'in' | 'out';
    ticketMessageId?: number | null;
    recipient?: string | null;
  },
): Promise<void> {
  await db('mail_message_ids')
    .insert({
      ticket_id: entry.ticketId,
      message_id: entry.messageId,
      direction: entry.direction,
      ticket_message_id: entry.ticketMessageId ?? null,
      recipient: entry.recipient ?? null,
    })
    .onConflict(['ticket_id', 'message_id'])
    .ignore();
}

/** The thread's Message-IDs, oldest first: the last is what a new mail replies to. */
export async function listThreadMessageIds(db: Knex, ticketId: number, limit = 20): Promise<string[]> {
  const rows = await db('mail_message_ids')
    .where({ ticket_id: ticketId })
    .orderBy('id', 'desc')
    .limit(limit)
    .pluck('message_id');
  return rows.reverse();
}

/** The Message-ID of each ticket message that came or went by mail (first one per message). */
export async function listMessageIdsByTicketMessage(db: Knex, ticketId: number): Promise<Map<number, string>> {
  const rows = await db('mail_message_ids')
    .where({ ticket_id: ticketId })
    .whereNotNull('ticket_message_id')
    .orderBy('id')
    .select('ticket_message_id', 'message_id');
  const map = new Map<number, string>();
  for (const r of rows) if (!map.has(r.ticket_message_id)) map.set(r.ticket_message_id, r.message_id);
  return map;
}

/** The Message-ID of the mail that opened the ticket, if it came by mail. */
export async function findOpeningMessageId(db: Knex, ticketId: number): Promise<string | null> {
  const row = await db('mail_message_ids')
    .where({ ticket_id: ticketId, direction: 'in' })
    .whereNull('ticket_message_id')
    .orderBy('id')
    .first('message_id');
  return row ? row.message_id : null;
}

/** A ticket by its number (`TF-1234`), with what the subject-token rule checks. */
export async function findTicketByNumber(
  db: Knex,
  number: string,
): Promise<{ id: number; requesterId: number; status: string } | null> {
  const row = await db('tickets').where({ number }).first('id', 'requester_id', 'status');
  return row ? { id: row.id, requesterId: row.requester_id, status: row.status } : null;
}

/** The facts threading needs about a ticket. */
export async function findTicketThreadFacts(
  db: Knex,
  ticketId: number,
): Promise<{ id: number; number: string; requesterId: number; status: string; title: string } | null> {
  const row = await db('tickets').where({ id: ticketId }).first('id', 'number', 'requester_id', 'status', 'title');
  return row
    ? { id: row.id, number: row.number, requesterId: row.requester_id, status: row.status, title: row.title }
    : null;
}

/** True when the user was copied on the ticket's mail. */
export async function isTicketParticipant(db: Knex, ticketId: number, userId: number): Promise<boolean> {
  return Boolean(await db('ticket_participants').where({ ticket_id: ticketId, user_id: userId }).first('id'));
}

/** Adds people to the ticket's participants (once each). */
export async function addTicketParticipants(db: Knex, ticketId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db('ticket_participants')
    .insert(userIds.map((userId) => ({ ticket_id: ticketId, user_id: userId })))
    .onConflict(['ticket_id', 'user_id'])
    .ignore();
}

/** Ids of the ticket's active participants. */
export async function listTicketParticipantIds(db: Knex, ticketId: number): Promise<number[]> {
  return db('ticket_participants as p')
    .join('users as u', 'u.id', 'p.user_id')
    .where({ 'p.ticket_id': ticketId, 'u.active': true })
    .orderBy('p.id')
    .pluck('p.user_id');
}

/** A committed message with what its workflow signal carries, and whether its author is staff (their role). */
export async function findMessageSignalFacts(
  db: Knex,
  messageId: number,
): Promise<{
  id: number;
  authorId: number | null;
  internal: boolean;
  createdAt: string;
  authorRole: string | null;
} | null> {
  const row = await db('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .where('m.id', messageId)
    .first('m.id', 'm.author_id', 'm.internal', 'm.created_at', 'u.role');
  return row
    ? {
        id: row.id,
        authorId: row.author_id,
        internal: row.internal,
        createdAt: row.created_at.toISOString(),
        authorRole: row.role,
      }
    : null;
}

/** The body of a public message (never an internal note), for the reply's e-mail. */
export async function findPublicMessageBody(db: Knex, messageId: number): Promise<string | null> {
  const row = await db('ticket_messages').where({ id: messageId, internal: false }).first('body');
  return row ? row.body : null;
}
