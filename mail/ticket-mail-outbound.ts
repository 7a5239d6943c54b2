import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { ticketOpenedByAutoMail } from '../db/mail-imports.js';
import { findActiveSuppression } from '../db/mail-suppressions.js';
import { listThreadMessageIds, listTicketParticipantIds, recordMailMessageId } from '../db/mail-threads.js';
import { findMailboxForTicket } from '../db/mailboxes.js';
import { findPublicMessageBody } from '../db/mail-threads.js';
import type { User } from '../db/users.js';
import { isStaff } from '../domain/roles.js';
import type { Ticket } from '../domain/ticket.js';
import type { Mailer } from '../notify/mailer.js';
import { angle } from './message-ids.js';
import { signedReplyAddress } from './reply-address.js';
import type { SmtpSend } from './smtp-transport.js';

/** One notification e-mail about a ticket to one person. */
export interface TicketMailRequest {
  ticket: Ticket;
  recipient: User;
  template: string;
  subject: string;
  text: string;
  idempotencyKey: string;
  /** The ticket message a 'replied' notification is about. */
  ticketMessageId: number | null;
}

/** Sends ticket mail with threading headers through each mailbox's transport. */
export interface TicketMailOutbound {
  /** The people a notification goes to: participants join the requester on customer-facing mail. */
  recipientsFor(ticketId: number, template: string, userIds: readonly number[], requesterId: number): Promise<number[]>;
  /** Sends, or says why not (a bounced address, automatic mail that opened the ticket). */
  send(request: TicketMailRequest): Promise<{ sent: true } | { suppressed: string }>;
}

const customerFacing = new Set(['replied', 'resolved', 'closed']);

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).replace(/>.*$/, '');
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/**
 * Every mail about a ticket gets its own Message-ID (derived from the delivery's idempotency
 * key, so a retry reuses it), In-Reply-To and References pointing at the thread's latest message
 * (Outlook threads on headers alone), the subject token, a signed Reply-To for customers, and
 * Auto-Submitted plus X-Auto-Response-Suppress so autoresponders do not answer it.
 */
export function createTicketMailOutbound(deps: {
  db: Db;
  replyKey: Buffer | null;
  sendgrid: Mailer | null;
  smtp: SmtpSend;
  defaultFrom: string;
}): TicketMailOutbound {
  const { db } = deps;
  return {
    async recipientsFor(ticketId, template, userIds, requesterId) {
      if (!customerFacing.has(template) || !userIds.includes(requesterId)) return [...userIds];
      return [...new Set([...userIds, ...(await listTicketParticipantIds(db, ticketId))])];
    },
    async send(request) {
      const { ticket, recipient } = request;
      const customer = !isStaff(recipient.role);
      const suppression = await findActiveSuppression(db, recipient.email);
      if (suppression) return { suppressed: `mail to ${recipient.email} is suppressed: ${suppression}` };
      const mailbox = await findMailboxForTicket(db, ticket.id);
      const fromAddress = mailbox?.address ?? addressOf(deps.defaultFrom);
      if (customer && request.template === 'created' && (await ticketOpenedByAutoMail(db, ticket.id)))
        return { suppressed: 'the ticket was opened by automatic mail; no acknowledgement is sent back to it' };

      const messageId = `tf.${ticket.id}.${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}@${domainOf(fromAddress)}`;
      const thread = (await listThreadMessageIds(db, ticket.id)).filter((id) => id !== messageId);
      const openedByMail = ticket.channel === 'email';
      const headers: Record<string, string> = {
        'Message-ID': angle(messageId),
        'Auto-Submitted': request.template === 'created' && openedByMail ? 'auto-replied' : 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        ...(thread.length ? { 'In-Reply-To': angle(thread.at(-1)!), References: thread.map(angle).join(' ') } : {}),
      };
      let text = request.text;
      if (customer && request.template === 'replied' && request.ticketMessageId !== null) {
        const body = await findPublicMessageBody(db, request.ticketMessageId);
        if (body) text = `${body}\n\n-- \n${request.text}`;
      }
      // Recorded first: a reply that arrives before the send returns still finds its ticket.
      await recordMailMessageId(db, {
        ticketId: ticket.id,
        messageId,
        direction: 'out',
        ticketMessageId: request.ticketMessageId,
        recipient: recipient.email,
      });
      const replyTo =
        customer && deps.replyKey
          ? signedReplyAddress(deps.replyKey, fromAddress, ticket.id, recipient.id)
          : fromAddress;
      const from = `${(mailbox?.displayName ?? 'Support').replace(/["<>]/g, '')} <${fromAddress}>`;
      const message = {
        to: recipient.email,
        from,
        replyTo,
        subject: request.subject,
        text,
        idempotencyKey: request.idempotencyKey,
        headers,
      };
      if (mailbox?.outboundKind === 'smtp') await deps.smtp(mailbox, message);
      else if (deps.sendgrid) await deps.sendgrid.send(message);
      else throw new Error('no mail transport: set SENDGRID_API_KEY or give the mailbox SMTP settings');
      return { sent: true };
    },
  };
}
