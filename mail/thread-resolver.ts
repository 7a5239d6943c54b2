import type { Knex } from 'knex';
import {
  findTicketByMessageIds,
  findTicketByNumber,
  findTicketThreadFacts,
  isTicketParticipant,
} from '../db/mail-threads.js';
import type { InboundMail } from './inbound-mail.js';
import { plusTag, verifyReplyToken } from './reply-address.js';

/** Where an inbound message belongs. */
export type ThreadDecision =
  { kind: 'ticket'; ticketId: number; via: 'headers' | 'reply_address' | 'subject_token' } | { kind: 'new' };

const subjectToken = /\[(TF-\d{1,10})\]/i;

/**
 * Finds the ticket a message continues, in this order: a Message-ID we sent or received for a
 * ticket in In-Reply-To/References (newest first) → a signed reply address among the recipients
 * → the subject token `[TF-1234]`, only when the sender is that ticket's requester or a
 * participant (a guessable number must not let a stranger post into someone's ticket) → new.
 */
export async function resolveThread(
  db: Knex,
  replyKey: Buffer,
  mail: InboundMail,
  recipients: readonly string[],
  senderUserId: number | null,
): Promise<ThreadDecision> {
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse()];
  const byHeaders = await findTicketByMessageIds(db, ids);
  if (byHeaders !== null) return { kind: 'ticket', ticketId: byHeaders, via: 'headers' };

  for (const address of recipients) {
    const tag = plusTag(address);
    const claim = tag ? verifyReplyToken(replyKey, tag) : null;
    if (claim && (await findTicketThreadFacts(db, claim.ticketId)))
      return { kind: 'ticket', ticketId: claim.ticketId, via: 'reply_address' };
  }

  const number = subjectToken.exec(mail.subject)?.[1]?.toUpperCase();
  if (number && senderUserId !== null) {
    const ticket = await findTicketByNumber(db, number);
    if (ticket && (ticket.requesterId === senderUserId || (await isTicketParticipant(db, ticket.id, senderUserId))))
      return { kind: 'ticket', ticketId: ticket.id, via: 'subject_token' };
  }
  return { kind: 'new' };
}
