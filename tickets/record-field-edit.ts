import type { Db } from '../db/connection.js';
import { insertTicketEvent } from '../db/ticket-events.js';
import type { TicketActor } from './ticket-actor.js';

/** The ticket fields edited directly (not lifecycle fields, which only the workflow writes). */
export const plainTicketFields = ['title', 'description', 'category', 'tags', 'custom_fields'] as const;

/** One of the directly edited fields. */
export type PlainTicketField = (typeof plainTicketFields)[number];

/**
 * Records a direct edit of plain fields in the audit trail (`fields_edited`), naming only the fields
 * whose values changed; nothing when none did.
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
  await insertTicketEvent(db, {
    ticketId,
    actorId: actor.userId,
    source: actor.source,
    type: 'fields_edited',
    before: Object.fromEntries(changed.map((f) => [f, before[f] ?? null])),
    after: Object.fromEntries(changed.map((f) => [f, after[f] ?? null])),
  });
  return changed;
}
