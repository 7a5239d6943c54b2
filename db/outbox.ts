import type { Knex } from 'knex';

/**
 * What an outbox entry asks of a ticket's workflow once its transaction has committed: start it, or
 * signal it (a committed message, a reassignment away from someone, an SLA configuration edit, an edit
 * of the fields rules match), the
 * signal's argument in `payload`; or wake the webhook delivery workflows of the ticket.
 */
export type OutboxTopic =
  | 'ticket.start_workflow'
  | 'ticket.message_added'
  | 'ticket.reassign'
  | 'ticket.sla_config_changed'
  // A direct edit of category, tags or custom fields: the rules that match them are evaluated again.
  | 'ticket.classification_changed'
  // A merge: the duplicate closes as merged into the target; the target hears of what it received.
  | 'ticket.merged_into'
  | 'ticket.merged_from'
  // Webhook deliveries of the ticket are waiting (queued with an audit entry, or redelivered).
  | 'webhook.deliver';

/** A pending piece of after-commit work. */
export interface OutboxEntry {
  id: number;
  topic: OutboxTopic;
  ticketId: number;
  payload: Record<string, unknown>;
  attempts: number;
}

interface OutboxRow {
  id: number;
  topic: OutboxTopic;
  ticket_id: number;
  payload: Record<string, unknown> | null;
  attempts: number;
}

const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: r.id,
  topic: r.topic,
  ticketId: r.ticket_id,
  payload: r.payload ?? {},
  attempts: r.attempts,
});

/** How long a failed entry waits before its next attempt: 1 s, doubling, at most 30 s. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30, 2 ** Math.max(0, attempts - 1));
}

/** Queues after-commit work inside the caller's transaction. */
export async function insertOutboxEntry(
  trx: Knex,
  entry: { topic: OutboxTopic; ticketId: number; payload?: Record<string, unknown> },
): Promise<OutboxEntry> {
  const [row] = await trx('outbox')
    .insert({ topic: entry.topic, ticket_id: entry.ticketId, payload: JSON.stringify(entry.payload ?? {}) })
    .returning('*');
  return toEntry(row as OutboxRow);
}

/** Queues the same kind of work for many tickets in one transaction. */
export async function insertOutboxEntries(
  db: Knex,
  entries: readonly { topic: OutboxTopic; ticketId: number; payload?: Record<string, unknown> }[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (trx) => {
    for (let i = 0; i < entries.length; i += 500)
      await trx('outbox').insert(
        entries.slice(i, i + 500).map((e) => ({
          topic: e.topic,
          ticket_id: e.ticketId,
          payload: JSON.stringify(e.payload ?? {}),
        })),
      );
  });
}

/** What happened to one entry in a pass. */
export type OutboxAttempt = { entry: OutboxEntry; ok: true } | { entry: OutboxEntry; ok: false; error: unknown };

/**
 * Runs `handle` for up to `limit` due entries (of one ticket, when `ticketId` is given), each in its
 * own transaction holding the entry's row lock, so relays in several processes never work on the
 * same entry at once. Entries of a ticket go strictly in order: an entry waits while an older one of
 * its ticket is pending (being handled elsewhere, or waiting for its retry), so a reply's signal never
 * overtakes the start of its workflow. A failed entry is retried with backoff (`retryDelaySeconds`).
 * `handle` gets the transaction holding the entry's lock, for any reads it needs.
 */
export async function processPendingOutbox(
  db: Knex,
  limit: number,
  handle: (entry: OutboxEntry, trx: Knex) => Promise<void>,
  options: {
    ticketId?: number;
    /**
     * Wait for an entry another pass is delivering instead of skipping it. A request relaying its
     * own ticket answers only once the ticket's workflow has started, whoever started it, so the
     * client's next call finds it running.
     */
    waitForLocked?: boolean;
    onAttempt?: (attempt: OutboxAttempt) => void;
  } = {},
): Promise<{ processed: number; failed: number }> {
  let processed = 0;
  let failed = 0;
  // A ticket whose entry failed in this pass waits for the next one, and its later entries with it.
  const stoppedTickets = new Set<number>();
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (trx) => {
      const query = trx('outbox as o')
        .whereNull('o.processed_at')
        .where((w) => w.whereNull('o.next_attempt_at').orWhere('o.next_attempt_at', '<=', trx.fn.now()))
        .whereNotExists(
          trx('outbox as p')
            .whereRaw('p.ticket_id = o.ticket_id')
            .whereNull('p.processed_at')
            .whereRaw('p.id < o.id')
            .select(trx.raw('1')),
        )
        .orderBy('o.id')
        .forUpdate('o')
        .first('o.*');
      if (!options.waitForLocked) void query.skipLocked();
      if (options.ticketId !== undefined) void query.where('o.ticket_id', options.ticketId);
      if (stoppedTickets.size > 0) void query.whereNotIn('o.ticket_id', [...stoppedTickets]);
      const row = (await query) as OutboxRow | undefined;
      if (!row) return 'empty' as const;
      const entry = toEntry(row);
      try {
        // The handler reads through the entry's own transaction: a second connection per relay
        // would let a handful of concurrent relays exhaust the pool waiting for each other.
        await handle(entry, trx);
        await trx('outbox')
          .where({ id: row.id })
          .update({ processed_at: trx.fn.now(), attempts: row.attempts + 1, last_error: null, next_attempt_at: null });
        options.onAttempt?.({ entry, ok: true });
        return 'processed' as const;
      } catch (error) {
        const attempts = row.attempts + 1;
        await trx('outbox')
          .where({ id: row.id })
          .update({
            attempts,
            last_error: String(error instanceof Error ? error.message : error).slice(0, 2000),
            next_attempt_at: trx.raw('now() + make_interval(secs => ?)', [retryDelaySeconds(attempts)]),
          });
        stoppedTickets.add(row.ticket_id);
        options.onAttempt?.({ entry: { ...entry, attempts }, ok: false, error });
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'processed') processed++;
    else failed++;
  }
  return { processed, failed };
}

/**
 * The earliest public staff reply to a ticket made at or before `by`, as the payload of its
 * `messageAdded` entry (delivered or not). The entry commits in the reply's own transaction, so it
 * exists exactly when the reply does, and it says what the workflow will be told: who wrote it, when,
 * and whether it counted as staff when it was written (a later role change does not rewrite that).
 * Only a reply whose signal is still on its way matters to the caller, and such an entry is never
 * cleaned away (anything that purges entries purges delivered ones).
 */
export async function findStaffReplySignalBy(
  db: Knex,
  ticketId: number,
  by: Date,
): Promise<Record<string, unknown> | null> {
  const row = (await db('outbox')
    .where({ ticket_id: ticketId, topic: 'ticket.message_added' })
    .whereRaw("(payload->>'byStaff')::boolean")
    .whereRaw("NOT (payload->>'internal')::boolean")
    .whereRaw("(payload->>'at')::timestamptz <= ?", [by])
    .orderByRaw("(payload->>'at')::timestamptz, id")
    .first('payload')) as { payload: Record<string, unknown> } | undefined;
  return row?.payload ?? null;
}

/** Counts entries still waiting, for readiness (`/readyz`) and metrics. */
export async function countPendingOutbox(db: Knex): Promise<number> {
  const row = await db('outbox').whereNull('processed_at').count<{ count: number }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

/** Marks an entry done without delivering it (benchmarks that measure inserts alone, without workflows). */
export async function markOutboxProcessed(db: Knex, id: number): Promise<void> {
  await db('outbox').where({ id }).whereNull('processed_at').update({ processed_at: db.fn.now() });
}

/**
 * Deletes delivered entries older than `before`, at most `limit` at a time (so a first run over a
 * long history holds no long lock); returns how many went. Pending and failing entries stay.
 */
export async function purgeProcessedOutbox(db: Knex, before: Date, limit = 5000): Promise<number> {
  return db('outbox')
    .whereIn(
      'id',
      db('outbox')
        .whereNotNull('processed_at')
        .where('processed_at', '<', before)
        .orderBy('id')
        .limit(limit)
        .select('id'),
    )
    .delete();
}
