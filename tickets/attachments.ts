import { findAttachment, findMessageOwner, insertAttachment, type StoredAttachment } from '../db/attachments.js';
import { safeFilename } from '../domain/attachment-rules.js';
import type { AttachmentRef } from '../domain/ticket.js';
import { acceptsReplies } from '../domain/ticket-status.js';
import { notFound, ok, refused, type Outcome } from './outcome.js';
import { findTicketAccess, type TicketAccess } from './ticket-access.js';
import type { TicketActor } from './ticket-actor.js';
import type { TicketDeps } from './ticket-deps.js';

/** A file whose bytes are stored already (type decided from its bytes by domain/attachment-rules.ts). */
export interface StoredFile {
  /** The name as uploaded; cleaned before it is recorded. */
  originalName: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Whether the actor may attach a file to the ticket (or to one of its messages they may see):
 * checked before any byte is stored. Closed tickets take no files.
 */
export async function checkAttachable(
  deps: Pick<TicketDeps, 'db'>,
  ticketId: number,
  actor: TicketActor,
  messageId?: number,
): Promise<Outcome<TicketAccess>> {
  const access = await findTicketAccess(deps.db, ticketId, actor);
  if (!access) return notFound(`Ticket ${ticketId}`);
  if (!acceptsReplies(access.status)) return refused('closed', 'This ticket is closed; attachments cannot be added.');
  if (messageId !== undefined) {
    const owner = await findMessageOwner(deps.db, messageId);
    if (!owner || owner.ticketId !== ticketId || (owner.internal && !access.staff))
      return refused('invalid_input', 'That message is not part of this ticket.', {
        issues: [{ path: 'messageId', message: 'is not a message of this ticket' }],
      });
  }
  return ok(access);
}

/** Records a stored file as the ticket's attachment (or its message's), with its audit entry; checks again first. */
export async function recordAttachment(
  deps: Pick<TicketDeps, 'db'>,
  ticketId: number,
  file: StoredFile,
  options: { messageId?: number | undefined },
  actor: TicketActor,
): Promise<Outcome<AttachmentRef>> {
  const allowed = await checkAttachable(deps, ticketId, actor, options.messageId);
  if (allowed.kind !== 'ok') return allowed;
  return ok(
    await insertAttachment(deps.db, {
      ticketId,
      messageId: options.messageId ?? null,
      uploaderId: actor.userId,
      filename: safeFilename(file.originalName),
      storageKey: file.storageKey,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      source: actor.source,
    }),
  );
}

/**
 * An attachment the actor may download: on a ticket they may see, and for customers never one of an
 * internal note (the same "not found" as a foreign ticket's).
 */
export async function findDownloadableAttachment(
  deps: Pick<TicketDeps, 'db'>,
  attachmentId: number,
  actor: TicketActor,
): Promise<Outcome<StoredAttachment>> {
  const attachment = await findAttachment(deps.db, attachmentId);
  const access = attachment ? await findTicketAccess(deps.db, attachment.ticketId, actor) : null;
  if (!attachment || !access || (attachment.internal && !access.staff)) return notFound(`Attachment ${attachmentId}`);
  return ok(attachment);
}
