import type { Db } from '../../db/connection.js';
import { findStaffReplySignalBy } from '../../db/outbox.js';
import type { MessageAdded } from '../lifecycle/definitions.js';

/** Input of `findStaffReplyBy`: the ticket and the moment (ISO) a reply must have been made by. */
export interface FindStaffReplyInput {
  ticketId: number;
  by: string;
}

/**
 * Makes the activity that answers whether a public staff reply was made by a moment, whether or not
 * its signal has reached the workflow yet: a reply made while Temporal was down waits in the outbox,
 * and the first-response timer may fire before it is delivered.
 */
export function makeFindStaffReplyBy(db: Db) {
  return async function findStaffReplyBy(input: FindStaffReplyInput): Promise<MessageAdded | null> {
    const payload = await findStaffReplySignalBy(db, input.ticketId, new Date(input.by));
    // The payload is the signal's argument, written by the same code that sends it (tickets/add-message.ts).
    return payload ? (payload as unknown as MessageAdded) : null;
  };
}
