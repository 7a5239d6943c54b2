import type { Db } from '../db/connection.js';
import { insertOutboxEntry } from '../db/outbox.js';
import { insertTicketEvent } from '../db/ticket-events.js';
import type { ClassificationChanged } from '../workflows/client.js';
import type { TicketActor } from './ticket-actor.js';

/** The ticket fields edited directly (not lifecycle fields, which only the workflow writes). */
export const plainTicketFields = ['title', 'description', 'category', 'tags', 'custom_fields'] as const;

/** One of the directly edited fields. */
export type PlainTicketField = (typeof plainTicketFields)[number];

/** The directly edited fields that assignment, SLA and escalation rules match on. */
export const classificationFields = [
  'category',
  'tags',
  'custom_fields',
] as const satisfies readonly (PlainTicketField & ClassificationChanged['fields'][number])[];

/**
 * Records a direct edit of plain fields in the audit trail (`fields_edited`), naming only the fields
 * whose values changed; nothing when none did. When the category, tags or custom fields changed, the
 * ticket's workflow is told (`classificationChanged` through the outbox, in the same transaction as
 * the audit entry, keyed by it) so its rules are evaluated again; the caller relays the ticket's outbox
 * after its commit (`deps.relay.relayTicket`), or the worker's reconciler does within seconds.
 */
export async function recordFieldsEdited(
  db: Db,
  ticketId: number,
  actor: Pick<TicketActor, 'source'> & { userId: number | null },
  before: Partial<Record<PlainTicketField, unknown>>,
  after: Partial<Record<PlainTicketField, unknown>>,
): Promise<PlainTicketField[]> {
  const changed = plainTicketFields.filter(
    (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null),
  );
  if (changed.length === 0) return changed;
  const reclassified = classificationFields.filter((f) => changed.includes(f));
  // A nested transaction when the caller has one: the entry and its signal commit together or not at all.
  await db.transaction(async (trx) => {
    const eventId = await insertTicketEvent(trx, {
      ticketId,
      actorId: actor.userId,
      source: actor.source,
      type: 'fields_edited',
      before: Object.fromEntries(changed.map((f) => [f, before[f] ?? null])),
      after: Object.fromEntries(changed.map((f) => [f, after[f] ?? null])),
    });
    if (reclassified.length === 0 || eventId === null) return;
    const signal: ClassificationChanged = {
      fields: reclassified,
      eventId,
      actor: { userId: actor.userId, source: actor.source },
    };
    await insertOutboxEntry(trx, {
      topic: 'ticket.classification_changed',
      ticketId,
      payload: signal as unknown as Record<string, unknown>,
    });
  });
  return changed;
}
