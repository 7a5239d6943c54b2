import { Context } from '@temporalio/activity';
import type { Db } from '../../db/connection.js';
import { applyLifecycleUpdate } from '../../db/ticket-changes.js';
import { findTicketById } from '../../db/tickets.js';
import type { InAppPublisher } from '../../notify/in-app-publisher.js';
import { listActiveEscalationRules } from '../../db/escalation-rules.js';
import type { PersistedChange, TicketChange } from '../lifecycle/types.js';

/**
 * Makes the activity that writes a workflow decision to the ticket row (the read model) with its
 * audit entry, then tells browsers watching the ticket. A retry finds its audit entry and writes
 * nothing twice. For an SLA warning or breach it also lists the escalation levels the trigger
 * starts, so a breach is one local activity instead of two.
 */
export function makePersistTicketChange(db: Db, publisher: InAppPublisher | null) {
  return async function persistTicketChange(change: TicketChange): Promise<PersistedChange> {
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
        idempotencyKey: change.idempotencyKey,
      },
    });
    // Listed after the write: the breach lands first, the escalation schedule follows.
    const escalations = change.escalationTrigger
      ? (await listActiveEscalationRules(db, change.escalationTrigger)).map((r) => ({
          ruleId: r.id,
          level: r.level,
          delaySeconds: r.delaySeconds,
        }))
      : [];
    if (applied && publisher && Object.keys(change.fields).length > 0) publishLater(publisher, change.ticketId);
    return { escalations };
  };

  /** Reads the ticket back and publishes it without holding up the workflow. */
  function publishLater(publisher: InAppPublisher, ticketId: number) {
    // The live update to browsers is not part of the decision: the workflow goes on (an SLA breach
    // lands) without waiting for the ticket to be read back and published.
    const { log } = Context.current();
    findTicketById(db, ticketId)
      .then((ticket) => ticket && publisher.ticketUpdated(ticket))
      .catch((error: unknown) => log.warn('live ticket update not published', { ticketId, error }));
  }
}
