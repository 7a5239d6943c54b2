import type { Knex } from 'knex';
import type { AttachmentRef } from '../domain/ticket.js';
import type { EventSource } from '../domain/ticket-event-types.js';
import { toAttachmentRef } from './messages.js';

/** An uploaded file's metadata (the bytes live on disk under its storage key). */
export interface NewAttachment {
  ticketId: number;
  messageId: number | null;
  uploaderId: number | null;
  filename: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Where the upload came from, for the audit trail. */
  source: EventSource;
}

/** A stored attachment with what download authorisation needs. */
export interface StoredAttachment {
  id: number;
  ticketId: number;
  filename: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  /** True when it belongs to an internal note: staff only. */
  internal: boolean;
}

/** Records an uploaded file and its audit entry. */
export async function insertAttachment(db: Knex, input: NewAttachment): Promise<AttachmentRef> {
  return db.transaction(async (trx) => {
    const [row] = await trx('attachments')
      .insert({
        ticket_id: input.ticketId,
        message_id: input.messageId,
        uploader_id: input.uploaderId,
        filename: input.filename,
        storage_key: input.storageKey,
        content_type: input.contentType,
        size_bytes: input.sizeBytes,
        sha256: input.sha256,
      })
      .returning('*');
    await trx('ticket_events').insert({
      ticket_id: input.ticketId,
      actor_id: input.uploaderId,
      source: input.source,
      type: 'attachment_added',
      after: JSON.stringify({ attachmentId: row.id, filename: input.filename }),
    });
    return toAttachmentRef(row);
  });
}

/** Finds an attachment for download. */
export async function findAttachment(db: Knex, id: number): Promise<StoredAttachment | null> {
  const row = await db('attachments as a')
    .leftJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .where('a.id', id)
    .first('a.*', 'm.internal');
  if (!row) return null;
  return {
    id: row.id,
    ticketId: row.ticket_id,
    filename: row.filename,
    storageKey: row.storage_key,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    internal: Boolean(row.internal),
  };
}

/** The ticket a message belongs to, and whether it is internal; null when there is no such message. */
export async function findMessageOwner(
  db: Knex,
  messageId: number,
): Promise<{ ticketId: number; internal: boolean } | null> {
  const row = await db('ticket_messages').where({ id: messageId }).first('ticket_id', 'internal');
  return row ? { ticketId: row.ticket_id, internal: row.internal } : null;
}
