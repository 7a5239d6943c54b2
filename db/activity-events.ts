import type { Knex } from 'knex';
import type { ActivityKind } from '../domain/activity-kinds.js';

/** An entry of the activity log (sign-ins, sign-outs, failed sign-ins, API-key use, configuration changes). */
export interface NewActivityEvent {
  kind: ActivityKind;
  userId: number | null;
  apiKeyId?: number | null;
  /** Who it was about when there is no user, e.g. the e-mail a refused sign-in used. */
  subject?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
  /** When set, a second entry with the same key is ignored. */
  dedupeKey?: string;
}

const clip = (text: string | null | undefined, max: number) => (text ? text.slice(0, max) : null);

/** Appends to the activity log; returns false when an entry with the same dedupe key exists. */
export async function recordActivity(db: Knex, event: NewActivityEvent): Promise<boolean> {
  const inserted = await db('activity_events')
    .insert({
      kind: event.kind,
      user_id: event.userId,
      api_key_id: event.apiKeyId ?? null,
      subject: clip(event.subject, 320),
      ip_address: clip(event.ipAddress, 64),
      user_agent: clip(event.userAgent, 300),
      details: JSON.stringify(event.details ?? {}),
      dedupe_key: event.dedupeKey ?? null,
    })
    .onConflict('dedupe_key')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/**
 * Deletes activity older than `before`, in batches so a large purge never holds long locks or one
 * huge transaction; returns how many entries went.
 */
export async function purgeActivityBefore(db: Knex, before: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db('activity_events')
      .whereIn('id', db('activity_events').where('created_at', '<', before).select('id').limit(batchSize))
      .delete();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
