import type { Db } from '../../db/connection.js';
import { isTemporalUnavailable, TicketChangeRefused, TicketWorkflowUnavailable } from '../../workflows/client.js';
import { HttpError } from '../http-error.js';

/**
 * Runs a call to a ticket's workflow and turns its refusals into the contract's errors:
 * 409 for a refused change or a closed ticket, 503 when Temporal or the workflow is not there yet.
 */
export async function throughWorkflow<T>(db: Db, ticketId: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TicketChangeRefused) throw new HttpError('conflict', error.message, { reason: error.reason });
    if (error instanceof TicketWorkflowUnavailable) {
      const row = await db('tickets').where({ id: ticketId }).first('status');
      if (row?.status === 'closed') throw new HttpError('conflict', 'This ticket is closed; closed tickets cannot change.', { reason: 'closed' });
      throw new HttpError('dependency_unavailable', "The ticket's workflow is starting; try again in a few seconds.", undefined, { 'Retry-After': '5' });
    }
    if (isTemporalUnavailable(error)) {
      throw new HttpError('dependency_unavailable', 'The workflow engine is unavailable right now; nothing was changed. Try again shortly.', undefined, { 'Retry-After': '10' });
    }
    throw error;
  }
}
