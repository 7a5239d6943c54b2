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
  await db('notifications').where({ idempotency_key: idempotencyKey }).update({ status: 'sent', sent_at: db.fn.now(), last_error: null, updated_at: db.fn.now() });
}

/** Records why a delivery attempt failed; it stays visible in the delivery log. */
export async function markDeliveryFailed(db: Knex, idempotencyKey: string, error: string): Promise<void> {
  await db('notifications').where({ idempotency_key: idempotencyKey }).update({ status: 'failed', last_error: error.slice(0, 2000), updated_at: db.fn.now() });
}
