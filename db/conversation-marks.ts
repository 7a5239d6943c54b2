import type { Knex } from 'knex';

/** Where a ticket stood when someone opened it: its version and its newest message. */
export interface ConversationMark {
  version: number;
  /** 0 when the ticket had no message yet. */
  lastMessageId: number;
}

/** A message added after a mark, by whom. */
export interface LaterMessage {
  authorName: string | null;
  internal: boolean;
}

/** The ticket's version and newest message id now; null when there is no such ticket. */
export async function findConversationMark(db: Knex, ticketId: number): Promise<ConversationMark | null> {
  const row = await db('tickets as t')
    .where('t.id', ticketId)
    .first('t.version', db('ticket_messages as m').where('m.ticket_id', ticketId).max('m.id').as('last_message_id'));
  return row ? { version: row.version, lastMessageId: row.last_message_id ?? 0 } : null;
}

/** The ticket's messages after `afterMessageId` that someone other than `exceptAuthorId` wrote (or the system), oldest first. */
export async function listLaterMessages(
  db: Knex,
  ticketId: number,
  afterMessageId: number,
  exceptAuthorId: number,
): Promise<LaterMessage[]> {
  const rows = await db('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .where('m.ticket_id', ticketId)
    .andWhere('m.id', '>', afterMessageId)
    .andWhere((q) => void q.whereNull('m.author_id').orWhereNot('m.author_id', exceptAuthorId))
    .orderBy('m.id')
    .select('u.name as author_name', 'm.internal');
  return rows.map((r: { author_name: string | null; internal: boolean }) => ({
    authorName: r.author_name,
    internal: r.internal,
  }));
}
