import type { Db } from '../db/connection.js';
import { listOpenTicketIds } from '../db/open-tickets.js';
import { countPendingOutbox } from '../db/outbox.js';
import { findTicketLifecycleRow } from '../db/tickets.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { relayPendingOutbox, type RelayLogger } from '../workflows/outbox-relay.js';
import { ok, unavailable, type Outcome } from './outcome.js';

/**
 * Starts the workflow of every open ticket that has none. Starts are idempotent (a running workflow
 * is left alone), and a workflow started from the row counts its SLA from the ticket's `created_at`
 * and honours `first_responded_at`: after a restore onto a fresh Temporal, deadlines are those of
 * the rows, not of the restore.
 */
async function startOpenTickets(db: Db, workflows: TicketWorkflows): Promise<{ checked: number; failed: number }> {
  let checked = 0;
  let failed = 0;
  for (let after = 0; ;) {
    const ids = await listOpenTicketIds(db, after, 50);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    const results = await Promise.allSettled(
      ids.map(async (id) => {
        const ticket = await findTicketLifecycleRow(db, id);
        if (ticket) await workflows.start(ticket);
      }),
    );
    checked += ids.length;
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  return { checked, failed };
}

/**
 * Delivers everything tickets still wait for from Temporal: workflows never started (created while
 * it was down), messages their workflows have not heard of, and, with `allOpenTickets`, a workflow
 * for every open ticket that has none (after a restore onto a fresh Temporal). Unavailable when
 * nothing could be delivered because Temporal did not answer; the entries stay queued.
 */
export async function reconcileTicketWorkflows(
  db: Db,
  workflows: TicketWorkflows,
  options: { logger?: RelayLogger; allOpenTickets?: boolean } = {},
): Promise<Outcome<{ delivered: number; failed: number; openChecked: number; openFailed: number }>> {
  const { processed, failed } = await relayPendingOutbox(db, workflows, 100_000, options.logger);
  if (processed === 0 && failed > 0 && !(await workflows.isReachable()))
    return unavailable(`Temporal did not answer; ${failed} entr${failed === 1 ? 'y stays' : 'ies stay'} queued.`, 30);
  const open = options.allOpenTickets ? await startOpenTickets(db, workflows) : { checked: 0, failed: 0 };
  return ok({ delivered: processed, failed, openChecked: open.checked, openFailed: open.failed });
}

/** How many workflow starts and message signals still wait for Temporal (readiness shows it). */
export function countUndeliveredToWorkflows(db: Db): Promise<number> {
  return countPendingOutbox(db);
}
