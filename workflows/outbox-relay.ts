import type { Db } from '../db/connection.js';
import { markOutboxProcessed, processPendingOutbox, type OutboxEntry } from '../db/outbox.js';
import { findTicketLifecycleRow } from '../db/tickets.js';
import type { TicketWorkflows } from './client.js';

/** Carries out one outbox entry: today, starting a ticket's workflow. */
async function handleEntry(db: Db, workflows: TicketWorkflows, entry: OutboxEntry): Promise<void> {
  const ticket = await findTicketLifecycleRow(db, entry.ticketId);
  if (!ticket) return; // Deleted since: nothing left to start.
  await workflows.start(ticket);
}

/**
 * Starts the workflow of a just-committed ticket and marks its outbox entry done. When Temporal
 * is unreachable the entry stays pending and the reconciler starts the workflow later, so ticket
 * creation never fails because of Temporal.
 */
export async function relayNow(db: Db, workflows: TicketWorkflows, entry: OutboxEntry): Promise<boolean> {
  try {
    await handleEntry(db, workflows, entry);
    await markOutboxProcessed(db, entry.id);
    return true;
  } catch {
    return false;
  }
}

/** One pass of the reconciler: starts every ticket workflow still waiting in the outbox. */
export function relayPendingOutbox(db: Db, workflows: TicketWorkflows, limit = 500) {
  return processPendingOutbox(db, limit, (entry) => handleEntry(db, workflows, entry));
}

/** Runs the reconciler every `intervalMs` until `signal` aborts; returns when it has stopped. */
export async function runOutboxReconciler(
  db: Db,
  workflows: TicketWorkflows,
  options: { intervalMs: number; signal: AbortSignal; onError?: (error: unknown) => void },
): Promise<void> {
  while (!options.signal.aborted) {
    try {
      await relayPendingOutbox(db, workflows);
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
