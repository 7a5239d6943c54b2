import type { Knex } from 'knex';

/** A delivery about to happen, recorded before it is attempted. */
export interface DeliveryAttempt {
  idempotencyKey: string;
  kind: 'email' | 'teams' | 'in_app';
  channelId: number | null;
  ticketId: number;
  recipientUserId: number | null;
  recipient: string;
  template: string;
  subject: string | null;
  payload: unknown;
}

/**
 * Records a delivery (once per idempotency key) and says whether to send it: 'already_sent' when
 * an earlier attempt got through, so activity retries never send twice.
 */
export async function beginDelivery(db: Knex, attempt: DeliveryAttempt): Promise<'send' | 'already_sent'> {
  await db('notifications')
    .insert({
      idempotency_key: attempt.idempotencyKey,
      kind: attempt.kind,
      channel_id: attempt.channelId,
      ticket_id: attempt.ticketId,
      recipient_user_id: attempt.recipientUserId,
      recipient: attempt.recipient,
      template: attempt.template,
      subject: attempt.subject,
      payload: JSON.stringify(attempt.payload ?? {}),
    })
    .onConflict('idempotency_key')
    .ignore();
  const [row] = await db('notifications')
    .where({ idempotency_key: attempt.idempotencyKey })
    .whereNot({ status: 'sent' })
    .increment('attempts', 1)
    .returning('id');
  return row ? 'send' : 'already_sent';
}

/** Marks a delivery as sent. */
export async function markDelivered(db: Knex, idempotencyKey: string): Promise<void> {
  await db('notifications')
    .where({ idempotency_key: idempotencyKey })
    .update({ status: 'sent', sent_at: db.fn.now(), last_error: null, updated_at: db.fn.now() });
}

/** Records why a delivery attempt failed; it stays visible in the delivery log. */
export async function markDeliveryFailed(db: Knex, idempotencyKey: string, error: string): Promise<void> {
  await db('notifications')
    .where({ idempotency_key: idempotencyKey })
    .update({ status: 'failed', last_error: error.slice(0, 2000), updated_at: db.fn.now() });
}

/** Records that a delivery was deliberately not sent, and why (a bounced address, an auto-generated origin). */
export async function markDeliverySuppressed(db: Knex, idempotencyKey: string, reason: string): Promise<void> {
  await db('notifications')
    .where({ idempotency_key: idempotencyKey })
    .update({ status: 'suppressed', last_error: reason.slice(0, 2000), updated_at: db.fn.now() });
}

/** A "mentioned" notice a staff member received in-app: the ticket and the note it links to. */
export interface MentionNotice {
  ticketId: number;
  number: string;
  title: string;
  messageId: number | null;
  subject: string | null;
  at: string;
}

/** The newest "mentioned" notices delivered in-app to `userId` (their back-office inbox). */
export async function listMentionNotices(db: Knex, userId: number, limit = 10): Promise<MentionNotice[]> {
  const rows: {
    ticket_id: number;
    number: string;
    title: string;
    message_id: string | null;
    subject: string | null;
    created_at: Date;
  }[] = await db('notifications as n')
    .join('tickets as t', 't.id', 'n.ticket_id')
    .where({ 'n.recipient_user_id': userId, 'n.template': 'mentioned', 'n.kind': 'in_app' })
    .orderBy('n.id', 'desc')
    .limit(limit)
    .select(
      'n.ticket_id',
      't.number',
      't.title',
      db.raw(`n.payload->>'messageId' as message_id`),
      'n.subject',
      'n.created_at',
    );
  return rows.map((r) => ({
    ticketId: r.ticket_id,
    number: r.number,
    title: r.title,
    messageId: r.message_id === null ? null : Number(r.message_id),
    subject: r.subject,
    at: r.created_at.toISOString(),
  }));
}
