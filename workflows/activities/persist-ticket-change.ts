import type { Db } from '../../db/connection.js';
import { applyLifecycleUpdate } from '../../db/ticket-changes.js';
import { findTicketById } from '../../db/tickets.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import type { TicketChange } from '../lifecycle/types.js';

/**
 * Makes the activity that writes a workflow decision to the ticket row (the read model) with its
 * audit entry, then tells browsers watching the ticket. A retry finds its audit entry and writes
 * nothing twice.
 */
export function makePersistTicketChange(db: Db, publisher: InAppPublisher | null) {
  return async function persistTicketChange(change: TicketChange): Promise<void> {
    const applied = await applyLifecycleUpdate(db, {
      ticketId: change.ticketId,
      version: change.version,
      fields: change.fields,
      event: {
        type: change.event.type,
        actorId: change.event.actor.userId,
        source: change.event.actor.source,
        before: change.event.before,
        after: change.event.after,
        idempotencyKey: change.stepKey,
      },
    });
    if (!applied || !publisher || Object.keys(change.fields).length === 0) return;
    const ticket = await findTicketById(db, change.ticketId);
    if (ticket) publisher.ticketUpdated(ticket);
  };
}
