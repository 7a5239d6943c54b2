import type { Knex } from 'knex';

/** What an outbox entry asks for once its transaction has committed. */
export type OutboxTopic = 'ticket.start_workflow';

/** A pending piece of after-commit work. */
export interface OutboxEntry {
  id: number;
  topic: OutboxTopic;
  ticketId: number;
  attempts: number;
}

const toEntry = (r: Record<string, any>): OutboxEntry => ({ id: r.id, topic: r.topic, ticketId: r.ticket_id, attempts: r.attempts });

/** Queues after-commit work inside the caller's transaction. */
export async function insertOutboxEntry(trx: Knex, entry: { topic: OutboxTopic; ticketId: number }): Promise<OutboxEntry> {
  const [row] = await trx('outbox').insert({ topic: entry.topic, ticket_id: entry.ticketId }).returning('*');
  return toEntry(row);
}

/**
 * Runs `handle` for up to `limit` pending entries, each in its own transaction holding a row
 * lock, so several relays (server replicas, workers) never work on the same entry at once.
 */
export async function processPendingOutbox(
  db: Knex,
  limit: number,
  handle: (entry: OutboxEntry) => Promise<void>,
): Promise<{ processed: number; failed: number }> {
  let processed = 0;
  const failedIds: number[] = [];
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (trx) => {
      // Entries that failed in this pass wait for the next one instead of being retried at once.
      const row = await trx('outbox').whereNull('processed_at').whereNotIn('id', failedIds).orderBy('id').forUpdate().skipLocked().first();
      if (!row) return 'empty' as const;
      try {
        await handle(toEntry(row));
        await trx('outbox').where({ id: row.id }).update({ processed_at: trx.fn.now(), attempts: row.attempts + 1, last_error: null });
        return 'processed' as const;
      } catch (error) {
        await trx('outbox').where({ id: row.id }).update({ attempts: row.attempts + 1, last_error: String((error as Error).message ?? error).slice(0, 2000) });
        failedIds.push(row.id);
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'processed') processed++;
  }
  return { processed, failed: failedIds.length };
}

/** Marks one entry done, when the work was completed right after the commit. */
export async function markOutboxProcessed(db: Knex, id: number): Promise<void> {
  await db('outbox').where({ id }).whereNull('processed_at').update({ processed_at: db.fn.now() });
}

/** Counts entries still waiting, for readiness and metrics. */
export async function countPendingOutbox(db: Knex): Promise<number> {
  const row = await db('outbox').whereNull('processed_at').count<{ count: number }[]>('* as count').first();
  return Number(row?.count ?? 0);
}
