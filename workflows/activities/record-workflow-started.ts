import type { Db } from '../../db/connection.js';
import { insertTicketEvent } from '../../db/ticket-events.js';

/** Input of `recordWorkflowStarted`. */
export interface RecordWorkflowStartedInput {
  ticketId: number;
  workflowId: string;
}

/** Makes the activity that notes in the audit trail that the ticket's workflow took charge. */
export function makeRecordWorkflowStarted(db: Db) {
  return async function recordWorkflowStarted(input: RecordWorkflowStartedInput): Promise<void> {
    await insertTicketEvent(db, {
      ticketId: input.ticketId,
      actorId: null,
      source: 'workflow',
      type: 'workflow_started',
      after: { workflowId: input.workflowId },
      // A retried or replayed start records the event once.
      idempotencyKey: `${input.workflowId}:workflow_started`,
    });
  };
}
