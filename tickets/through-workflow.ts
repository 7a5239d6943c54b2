import type { Db } from '../db/connection.js';
import { findTicketStatus } from '../db/tickets.js';
import { allowedTransitions, isFinal } from '../domain/ticket-status.js';
import { isTemporalUnavailable, TicketChangeRefused, TicketWorkflowUnavailable } from '../workflows/client.js';
import { ok, refused, stale, unavailable, type Outcome } from './outcome.js';

/** The sentence for a change to a closed ticket. */
export const closedTicketMessage = 'This ticket is closed; closed tickets cannot change.';

/**
 * Runs a call to a ticket's workflow and turns what it may answer into outcomes: its refusals
 * (invalid move, stale version, closed), a workflow that is not running (closed, or not started yet),
 * and Temporal not answering within the request deadline.
 */
export async function throughWorkflow<T>(db: Db, ticketId: number, call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await call());
  } catch (error) {
    if (error instanceof TicketChangeRefused) {
      if (error.reason === 'stale_version') return stale(error.message);
      if (error.reason === 'closed') return refused('closed', error.message);
      const status = await findTicketStatus(db, ticketId);
      return refused('invalid_transition', error.message, status ? { allowed: allowedTransitions[status] } : {});
    }
    if (error instanceof TicketWorkflowUnavailable) {
      const status = await findTicketStatus(db, ticketId);
      if (status && isFinal(status)) return refused('closed', closedTicketMessage);
      return unavailable("The ticket's workflow is starting; try again in a few seconds.", 5);
    }
    if (isTemporalUnavailable(error))
      return unavailable('The workflow engine did not answer in time; reload the ticket and try again shortly.', 10);
    throw error;
  }
}
