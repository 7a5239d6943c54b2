import type { Knex } from 'knex';
import type { AttachmentRef, TicketMessage } from '../domain/ticket.js';
import type { EventSource } from '../domain/ticket-event-types.js';

/** Maps an attachment row to its API shape. */
export function toAttachmentRef(r: Record<string, any>): AttachmentRef {
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

function toMessage(r: Record<string, any>, attachments: AttachmentRef[]): TicketMessage {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    author: r.author_id ? { id: r.author_id, name: r.author_name, email: r.author_email } : null,
    body: r.body,
    internal: r.internal,
    createdAt: r.created_at.toISOString(),
    attachments,
  };
}

/** Adds a reply or internal note and its audit entry in one transaction. */
export async function insertMessage(
  db: Knex,
  input: { ticketId: number; authorId: number | null; body: string; internal: boolean; source: EventSource },
): Promise<TicketMessage> {
  return db.transaction(async (trx) => {
    const [row] = await trx('ticket_messages')
      .insert({ ticket_id: input.ticketId, author_id: input.authorId, body: input.body, internal: input.internal, source: input.source })
      .returning('*');
    await trx('ticket_events').insert({
      ticket_id: input.ticketId,
      actor_id: input.authorId,
      source: input.source,
      type: input.internal ? 'note_added' : 'reply_added',
      after: JSON.stringify({ messageId: row.id }),
    });
    const author = input.authorId ? await trx('users').where({ id: input.authorId }).first('name', 'email') : null;
    return toMessage({ ...row, author_name: author?.name, author_email: author?.email }, []);
  });
}

/** A ticket's conversation, oldest first; internal notes only when asked for (staff). */
export async function listMessages(db: Knex, ticketId: number, options: { includeInternal: boolean }): Promise<TicketMessage[]> {
  const q = db('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .where('m.ticket_id', ticketId)
    .orderBy('m.id')
    .select('m.*', 'u.name as author_name', 'u.email as author_email');
  if (!options.includeInternal) void q.where('m.internal', false);
  const rows = await q;
  const attachments = await db('attachments').where({ ticket_id: ticketId }).whereNotNull('message_id').orderBy('id');
  return rows.map((r) => toMessage(r, attachments.filter((a) => a.message_id === r.id).map(toAttachmentRef)));
}

/** The ticket's attachments; customers do not get those of internal notes. */
export async function listTicketAttachments(db: Knex, ticketId: number, options: { includeInternal: boolean }): Promise<AttachmentRef[]> {
  const q = db('attachments as a').leftJoin('ticket_messages as m', 'm.id', 'a.message_id').where('a.ticket_id', ticketId).orderBy('a.id').select('a.*');
  if (!options.includeInternal) void q.where((w) => w.whereNull('a.message_id').orWhere('m.internal', false));
  return (await q).map(toAttachmentRef);
}
