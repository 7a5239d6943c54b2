import type { Knex } from 'knex';
import { recordIdempotentEffect, type RequestKey } from './idempotency-keys.js';
import type { AttachmentRef, TicketMessage } from '../domain/ticket.js';
import type { EventSource } from '../domain/ticket-event-types.js';
import { insertOutboxEntry, type OutboxEntry } from './outbox.js';

/** A row of `attachments`. */
export interface AttachmentRow {
  id: number;
  filename: string;
  content_type: string;
  size_bytes: number | string;
  message_id: number | null;
  created_at: Date;
}

/** Maps an attachment row to its API shape. */
export function toAttachmentRef(r: AttachmentRow): AttachmentRef {
  return {
    id: r.id,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    url: `/api/attachments/${r.id}`,
    messageId: r.message_id,
    createdAt: r.created_at.toISOString(),
  };
}

interface MessageRow {
  id: number;
  ticket_id: number;
  author_id: number | null;
  author_name?: string | null;
  author_email?: string | null;
  body: string;
  internal: boolean;
  created_at: Date;
  /** The Message-ID it came or first went by mail with, when the query selects it. */
  mail_message_id?: string | null;
  /** For a message copied by a merge: the original and its ticket, when the query selects them. */
  merged_from_message_id?: number | null;
  merged_from_ticket_id?: number | null;
  merged_from_number?: string | null;
}

function toMessage(r: MessageRow, attachments: AttachmentRef[]): TicketMessage {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? '', email: r.author_email ?? '' } : null,
    body: r.body,
    internal: r.internal,
    createdAt: r.created_at.toISOString(),
    attachments,
    ...(r.mail_message_id !== undefined ? { messageId: r.mail_message_id } : {}),
    ...(r.merged_from_ticket_id && r.merged_from_number
      ? {
          mergedFrom: {
            ticketId: r.merged_from_ticket_id,
            number: r.merged_from_number,
            messageId: r.merged_from_message_id ?? null,
          },
        }
      : {}),
  };
}

/** A reply or note to add. */
export interface NewMessage {
  ticketId: number;
  authorId: number | null;
  body: string;
  internal: boolean;
  source: EventSource;
}

/**
 * Adds a reply or internal note, its audit entry and an outbox entry (topic `ticket.message_added`,
 * payload made from the stored message) in one transaction: either the message exists and its
 * workflow will hear of it, or nothing was written.
 */
export async function insertMessageWithOutbox(
  db: Knex,
  input: NewMessage,
  signalOf: (message: TicketMessage) => Record<string, unknown>,
  requestKey?: RequestKey,
): Promise<{ message: TicketMessage; outbox: OutboxEntry }> {
  return db.transaction(async (trx) => {
    const [row] = await trx('ticket_messages')
      .insert({
        ticket_id: input.ticketId,
        author_id: input.authorId,
        body: input.body,
        internal: input.internal,
        source: input.source,
      })
      .returning('*');
    await trx('ticket_events').insert({
      ticket_id: input.ticketId,
      actor_id: input.authorId,
      source: input.source,
      type: input.internal ? 'note_added' : 'reply_added',
      after: JSON.stringify({ messageId: row.id }),
    });
    const author = input.authorId ? await trx('users').where({ id: input.authorId }).first('name', 'email') : null;
    const message = toMessage({ ...row, author_name: author?.name, author_email: author?.email }, []);
    const outbox = await insertOutboxEntry(trx, {
      topic: 'ticket.message_added',
      ticketId: input.ticketId,
      payload: signalOf(message),
    });
    if (requestKey) await recordIdempotentEffect(trx, requestKey, `message:${row.id}`);
    return { message, outbox };
  });
}

/** A ticket's conversation, oldest first; internal notes only when asked for (staff). */
export async function listMessages(
  db: Knex,
  ticketId: number,
  options: { includeInternal: boolean },
): Promise<TicketMessage[]> {
  const q = db('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    // A message copied by a merge names where it was written.
    .leftJoin('tickets as ot', 'ot.id', 'm.merged_from_ticket_id')
    .where('m.ticket_id', ticketId)
    // Copies keep their original time, so a merged conversation reads in the order it was written.
    .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }])
    .select('m.*', 'u.name as author_name', 'u.email as author_email')
    .select('ot.number as merged_from_number')
    // The Message-ID it came with, or the first one it went out with (mail_message_ids).
    .select(
      db('mail_message_ids as mm')
        .whereRaw('mm.ticket_message_id = m.id')
        .orderBy('mm.id')
        .limit(1)
        .select('mm.message_id')
        .as('mail_message_id'),
    );
  if (!options.includeInternal) void q.where('m.internal', false);
  const rows = await q;
  const attachments = await db('attachments').where({ ticket_id: ticketId }).whereNotNull('message_id').orderBy('id');
  return rows.map((r) => toMessage(r, attachments.filter((a) => a.message_id === r.id).map(toAttachmentRef)));
}

/** The ticket's attachments; customers do not get those of internal notes. */
export async function listTicketAttachments(
  db: Knex,
  ticketId: number,
  options: { includeInternal: boolean },
): Promise<AttachmentRef[]> {
  const q = db('attachments as a')
    .leftJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .where('a.ticket_id', ticketId)
    .orderBy('a.id')
    .select('a.*');
  if (!options.includeInternal) void q.where((w) => w.whereNull('a.message_id').orWhere('m.internal', false));
  return (await q).map(toAttachmentRef);
}

/** One message of a ticket, as the conversation shows it; null when it is not that ticket's. */
export async function findTicketMessage(db: Knex, ticketId: number, messageId: number): Promise<TicketMessage | null> {
  const messages = await listMessages(db, ticketId, { includeInternal: true });
  return messages.find((m) => m.id === messageId) ?? null;
}
