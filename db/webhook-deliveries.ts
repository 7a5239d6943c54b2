import type { Knex } from 'knex';
import type { WebhookDelivery, WebhookEvent } from '../domain/webhook-schemas.js';
import { insertOutboxEntry } from './outbox.js';

interface DeliveryRow {
  id: string | number;
  endpoint_id: number;
  event_id: string;
  event_type: WebhookDelivery['eventType'];
  ticket_id: number;
  payload: WebhookEvent;
  status: WebhookDelivery['status'];
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: Number(r.id),
  eventId: r.event_id,
  eventType: r.event_type,
  ticketId: r.ticket_id,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** An endpoint's delivery log, newest first, `limit` at a time after `cursor` (the last id seen). */
export async function listWebhookDeliveries(
  db: Knex,
  endpointId: number,
  page: { limit: number; cursor?: number | undefined },
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  const q = db('webhook_deliveries')
    .where({ endpoint_id: endpointId })
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor !== undefined) void q.where('id', '<', page.cursor);
  const rows = (await q) as DeliveryRow[];
  const items = rows.slice(0, page.limit).map(toDelivery);
  const more = rows.length > page.limit;
  return { items, nextCursor: more ? String(items[items.length - 1]?.id) : null };
}

/** The endpoints and tickets with deliveries waiting, for the relay to wake their delivery workflows. */
export async function listPendingWebhookStreams(
  db: Knex,
  ticketId: number,
): Promise<{ endpointId: number; ticketId: number }[]> {
  const rows = await db('webhook_deliveries')
    .where({ ticket_id: ticketId, status: 'pending' })
    .distinct('endpoint_id')
    .orderBy('endpoint_id');
  return rows.map((r: { endpoint_id: number }) => ({ endpointId: r.endpoint_id, ticketId }));
}

/** The oldest pending delivery of an endpoint for a ticket: events of a ticket go out in order. */
export async function findNextPendingWebhookDelivery(
  db: Knex,
  endpointId: number,
  ticketId: number,
): Promise<number | null> {
  const row = await db('webhook_deliveries')
    .where({ endpoint_id: endpointId, ticket_id: ticketId, status: 'pending' })
    .orderBy('id')
    .first('id');
  return row ? Number(row.id) : null;
}

/** One delivery with what is sent. */
export interface PendingWebhookDelivery {
  id: number;
  endpointId: number;
  ticketId: number;
  eventId: string;
  status: WebhookDelivery['status'];
  payload: WebhookEvent;
}

/** A delivery by id, or null. */
export async function findWebhookDelivery(db: Knex, id: number): Promise<PendingWebhookDelivery | null> {
  const r = (await db('webhook_deliveries').where({ id }).first()) as DeliveryRow | undefined;
  if (!r) return null;
  return {
    id: Number(r.id),
    endpointId: r.endpoint_id,
    ticketId: r.ticket_id,
    eventId: r.event_id,
    status: r.status,
    payload: r.payload,
  };
}

/** Records one attempt: its status code (or why there was none), and `delivered` on a 2xx. */
export async function recordWebhookAttempt(
  db: Knex,
  id: number,
  outcome: { delivered: boolean; statusCode: number | null; error: string | null },
): Promise<void> {
  await db('webhook_deliveries')
    .where({ id })
    .update({
      attempts: db.raw('attempts + 1'),
      last_status_code: outcome.statusCode,
      last_error: outcome.error?.slice(0, 500) ?? null,
      last_attempt_at: db.fn.now(),
      updated_at: db.fn.now(),
      ...(outcome.delivered ? { status: 'delivered', delivered_at: db.fn.now() } : {}),
    });
}

/** Gives a pending delivery up (retries exhausted, endpoint disabled or deleted), saying why. */
export async function markWebhookDeliveryFailed(db: Knex, id: number, reason: string): Promise<void> {
  await db('webhook_deliveries')
    .where({ id, status: 'pending' })
    .update({ status: 'failed', last_error: reason.slice(0, 500), updated_at: db.fn.now() });
}

/**
 * Queues a delivery again (the back office's "redeliver"): same event id and body, pending, and an
 * outbox entry in the same transaction so the relay wakes its delivery workflow. False when there
 * is no such delivery.
 */
export async function requeueWebhookDelivery(db: Knex, id: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    const [row] = await trx('webhook_deliveries')
      .where({ id })
      .update({ status: 'pending', delivered_at: null, updated_at: trx.fn.now() })
      .returning(['ticket_id']);
    if (!row) return false;
    await insertOutboxEntry(trx, { topic: 'webhook.deliver', ticketId: row.ticket_id, payload: { deliveryId: id } });
    return true;
  });
}
