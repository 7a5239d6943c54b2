import type { Knex } from 'knex';
import { insertAttachment } from '../db/attachments.js';
import { insertMessageWithOutbox } from '../db/messages.js';
import { insertTicketEvent } from '../db/ticket-events.js';
import { insertTicketWithOutbox } from '../db/tickets.js';
import type { TicketPriority } from '../domain/ticket-priority.js';
import type { MessageAdded } from '../workflows/client.js';
import type { AttachmentStore } from './files/attachment-store.js';
import { sniffAllowedType } from './files/file-types.js';
import type { TicketDeps } from './ticket-deps.js';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Work to do once the caller's transaction has committed: deliver what the outbox holds for the ticket. */
export type AfterCommit = () => Promise<void>;

/** A file of an imported mail, stored under the upload rules or refused with the reason. */
export type MailFileOutcome = { ok: true; attachmentId: number } | { ok: false; reason: string };

/**
 * The ticket commands of the e-mail intake. Each joins the caller's transaction, because an import
 * commits its ticket or reply *together with* its import record (a worker killed in between must not
 * import the mail twice); the workflow start or `messageAdded` signal is an outbox entry of that same
 * transaction, delivered by `afterCommit` (or by the reconciler if the process dies first).
 */
export interface MailTicketCommands {
  createTicket(
    trx: Knex,
    input: { requesterId: number; title: string; description: string; priority: TicketPriority; teamId: number | null },
  ): Promise<{ ticketId: number; number: string; afterCommit: AfterCommit }>;
  addMessage(
    trx: Knex,
    input: { ticketId: number; authorId: number | null; body: string; internal: boolean; byStaff: boolean },
  ): Promise<{ messageId: number; afterCommit: AfterCommit }>;
  /** Stores a file under the upload rules (size, type sniffed from the bytes) unless `trusted` names its type. */
  attach(
    trx: Knex,
    input: {
      ticketId: number;
      messageId: number | null;
      uploaderId: number;
      filename: string;
      bytes: Buffer;
      trusted?: { contentType: string };
    },
  ): Promise<MailFileOutcome>;
  /** The import's entry in the ticket's audit trail (`mail_imported`: mailbox, sender, threading, authentication). */
  recordImport(
    trx: Knex,
    input: { ticketId: number; actorId: number; details: Record<string, unknown> },
  ): Promise<void>;
  /** Delivers what an earlier import left in the outbox (its process died before `afterCommit`). */
  resume(ticketId: number): Promise<void>;
}

/** Builds the e-mail intake's ticket commands over the ticket dependencies and the attachment store. */
export function createMailTicketCommands(
  deps: TicketDeps,
  files: { store: AttachmentStore; maxBytes: number },
): MailTicketCommands {
  return {
    async createTicket(trx, input) {
      const { ticket } = await insertTicketWithOutbox(
        trx,
        { ...input, channel: 'email' },
        { actorId: input.requesterId, source: 'email' },
      );
      return { ticketId: ticket.id, number: ticket.number, afterCommit: () => deps.relay.relayTicket(ticket.id) };
    },

    async addMessage(trx, input) {
      const { message } = await insertMessageWithOutbox(
        trx,
        {
          ticketId: input.ticketId,
          authorId: input.authorId,
          body: input.body,
          internal: input.internal,
          source: 'email',
        },
        (stored) => {
          const signal: MessageAdded = {
            messageId: stored.id,
            authorId: input.authorId,
            byStaff: input.byStaff,
            internal: stored.internal,
            at: stored.createdAt,
            source: 'email',
          };
          return { ...signal };
        },
      );
      return {
        messageId: message.id,
        afterCommit: async () => {
          deps.live.messageCreated(message);
          await deps.relay.relayTicket(input.ticketId);
        },
      };
    },

    async attach(trx, input) {
      if (!input.trusted && input.bytes.length > files.maxBytes)
        return { ok: false, reason: `${input.filename} is larger than ${megabytes(files.maxBytes)}` };
      const type = input.trusted
        ? { ok: true as const, contentType: input.trusted.contentType }
        : await sniffAllowedType(input.bytes, input.filename);
      if (!type.ok) return { ok: false, reason: type.reason };
      const stored = await files.store.save(input.bytes);
      const ref = await insertAttachment(trx, {
        ticketId: input.ticketId,
        messageId: input.messageId,
        uploaderId: input.uploaderId,
        filename: input.filename,
        storageKey: stored.storageKey,
        contentType: type.contentType,
        sizeBytes: input.bytes.length,
        sha256: stored.sha256,
        source: 'email',
      });
      return { ok: true, attachmentId: ref.id };
    },

    async recordImport(trx, input) {
      await insertTicketEvent(trx, {
        ticketId: input.ticketId,
        actorId: input.actorId,
        source: 'email',
        type: 'mail_imported',
        after: input.details,
      });
    },

    resume(ticketId) {
      return deps.relay.relayTicket(ticketId);
    },
  };
}
