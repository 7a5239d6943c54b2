import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import type { Db } from '../db/connection.js';
import { processPendingOutbox, purgeProcessedOutbox, type OutboxAttempt, type OutboxEntry } from '../db/outbox.js';
import { findTicketLifecycleRow } from '../db/tickets.js';
import { listPendingWebhookStreams } from '../db/webhook-deliveries.js';
import type { Actor } from '../domain/ticket-event-types.js';
import {
  isTemporalUnavailable,
  TicketWorkflowUnavailable,
  type ClassificationChanged,
  type MergedFrom,
  type MergedInto,
  type MessageAdded,
  type TicketWorkflows,
} from './client.js';

/** Where the relay says what it could not deliver (a pino logger, or anything with its `warn` and `info`). */
export type RelayLogger = Pick<Logger, 'warn' | 'info'>;

const silent: RelayLogger = pino({ level: 'silent' });

function messageAddedOf(entry: OutboxEntry): MessageAdded {
  const p = entry.payload;
  if (typeof p.messageId !== 'number' || typeof p.at !== 'string')
    throw new Error(`outbox entry ${entry.id} carries no message (payload ${JSON.stringify(p).slice(0, 200)})`);
  return p as unknown as MessageAdded;
}

/** Carries out one outbox entry: starts a ticket's workflow, signals it, or wakes its webhook deliveries. */
async function deliver(db: Knex, workflows: TicketWorkflows, entry: OutboxEntry, log: RelayLogger): Promise<void> {
  switch (entry.topic) {
    case 'ticket.start_workflow': {
      const ticket = await findTicketLifecycleRow(db, entry.ticketId);
      if (!ticket) return; // Deleted since: nothing left to start.
      await workflows.start(ticket);
      return;
    }
    case 'ticket.message_added': {
      const message = messageAddedOf(entry);
      try {
        await workflows.messageAdded(entry.ticketId, message);
      } catch (error) {
        // Entries of a ticket go in order, so its workflow was started before this signal: a missing
        // workflow has finished (the ticket closed while the message was on its way) and has nothing
        // left to do with it. Said, not swallowed.
        if (!(error instanceof TicketWorkflowUnavailable)) throw error;
        log.info(
          { ticketId: entry.ticketId, messageId: message.messageId, outboxId: entry.id },
          'message not signalled: the ticket workflow has finished',
        );
      }
      return;
    }
    case 'ticket.reassign': {
      const { excludeUserId, actor } = entry.payload as { excludeUserId: number; actor: Actor };
      await workflows.reassign(entry.ticketId, excludeUserId, actor);
      return;
    }
    case 'ticket.classification_changed':
      try {
        await workflows.classificationChanged(entry.ticketId, entry.payload as unknown as ClassificationChanged);
      } catch (error) {
        // As for messages: a missing workflow has finished (the ticket closed), and a closed ticket's
        // rules are not evaluated again.
        if (!(error instanceof TicketWorkflowUnavailable)) throw error;
        log.info(
          { ticketId: entry.ticketId, outboxId: entry.id, topic: entry.topic },
          'classification change not signalled: the ticket workflow has finished',
        );
      }
      return;
    case 'ticket.merged_into':
    case 'ticket.merged_from':
      try {
        if (entry.topic === 'ticket.merged_into')
          await workflows.mergedInto(entry.ticketId, entry.payload as unknown as MergedInto);
        else await workflows.mergedFrom(entry.ticketId, entry.payload as unknown as MergedFrom);
      } catch (error) {
        // As for messages: entries of a ticket go in order, so a missing workflow has finished (the
        // ticket closed since the merge was checked) and there is nothing left for it to do.
        if (!(error instanceof TicketWorkflowUnavailable)) throw error;
        log.info(
          { ticketId: entry.ticketId, outboxId: entry.id, topic: entry.topic },
          'merge not signalled: the ticket workflow has finished',
        );
      }
      return;
    case 'ticket.sla_config_changed':
      await workflows.slaConfigChanged([entry.ticketId]);
      return;
    case 'webhook.deliver':
      // Every endpoint with something pending for the ticket: the entry may stand for several events.
      for (const stream of await listPendingWebhookStreams(db, entry.ticketId))
        await workflows.webhookPending(stream.endpointId, stream.ticketId);
      return;
  }
}

function reportFailure(log: RelayLogger, attempt: OutboxAttempt): void {
  if (attempt.ok) return;
  const { entry, error } = attempt;
  log.warn(
    {
      err: error,
      outboxId: entry.id,
      topic: entry.topic,
      ticketId: entry.ticketId,
      attempts: entry.attempts,
      temporalUnavailable: isTemporalUnavailable(error),
    },
    'outbox entry not delivered; it stays queued and is retried with backoff',
  );
}

/** Delivers committed work to ticket workflows: right after a request's commit, and in the reconciler's passes. */
export interface OutboxRelay {
  /**
   * Delivers a ticket's due entries now, in order (after the request that queued them committed).
   * Never throws: what cannot be delivered stays queued for the reconciler, and is logged.
   */
  relayTicket(ticketId: number): Promise<void>;
  /** One reconciler pass: every due entry, ticket by ticket in order. */
  relayPending(limit?: number): Promise<{ processed: number; failed: number }>;
}

// After Temporal failed to answer, requests skip their immediate delivery for a while: the entry is
// committed and the reconciler delivers it, so a request does not wait out a deadline per call.
const requestPathPauseMs = 5000;

/** Builds the relay over the database and the ticket workflow door. */
export function createOutboxRelay(db: Db, workflows: TicketWorkflows, logger: RelayLogger = silent): OutboxRelay {
  let pausedUntil = 0;
  const handle = (entry: OutboxEntry, trx: Knex) => deliver(trx, workflows, entry, logger);
  return {
    async relayTicket(ticketId) {
      if (Date.now() < pausedUntil) return;
      try {
        await processPendingOutbox(db, 50, handle, {
          ticketId,
          waitForLocked: true,
          onAttempt: (attempt) => {
            reportFailure(logger, attempt);
            if (!attempt.ok && isTemporalUnavailable(attempt.error)) pausedUntil = Date.now() + requestPathPauseMs;
          },
        });
      } catch (error) {
        // The commit stands and the entries stay queued; the reconciler delivers them.
        logger.warn({ err: error, ticketId }, 'outbox delivery after commit failed; the reconciler retries it');
      }
    },
    relayPending: (limit = 500) =>
      processPendingOutbox(db, limit, handle, { onAttempt: (attempt) => reportFailure(logger, attempt) }),
  };
}

/** One pass of the reconciler: delivers every due entry (workflow starts, message signals). */
export function relayPendingOutbox(db: Db, workflows: TicketWorkflows, limit = 500, logger: RelayLogger = silent) {
  return createOutboxRelay(db, workflows, logger).relayPending(limit);
}

// Delivered outbox entries are purged hourly once a week old.
const outboxPurgeEveryMs = 3_600_000;
const processedOutboxKeptMs = 7 * 86_400_000;

/** Runs the reconciler every `intervalMs` until `signal` aborts; returns when it has stopped. */
export async function runOutboxReconciler(
  db: Db,
  workflows: TicketWorkflows,
  options: { intervalMs: number; signal: AbortSignal; onError?: (error: unknown) => void; logger?: RelayLogger },
): Promise<void> {
  const relay = createOutboxRelay(db, workflows, options.logger);
  let purgedAt = 0;
  while (!options.signal.aborted) {
    try {
      await relay.relayPending();
      // Delivered entries are kept a while for whoever investigates a delivery, then deleted, so
      // the table holds what is pending rather than every change ever made.
      if (Date.now() - purgedAt > outboxPurgeEveryMs) {
        purgedAt = Date.now();
        await purgeProcessedOutbox(db, new Date(Date.now() - processedOutboxKeptMs));
      }
    } catch (error) {
      options.onError?.(error);
    }
    await new Promise<void>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        options.signal.removeEventListener('abort', onAbort);
        resolve();
      }, options.intervalMs);
      options.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
