import type { Knex } from 'knex';
import type { TicketClassification } from '../domain/rule-conditions.js';

/** The columns of a ticket that rules match besides its lifecycle fields. */
export const classificationColumns = ['category', 'tags', 'custom_fields'] as const;

/** A ticket row's category, tags and custom field values as rules read them. */
export function classificationOf(row: {
  category?: string | null;
  tags?: string[] | null;
  custom_fields?: Record<string, unknown> | null;
}): Required<TicketClassification> {
  return { category: row.category ?? null, tags: row.tags ?? [], customFields: row.custom_fields ?? {} };
}

/**
 * A ticket's category, tags and custom field values as they are now; null when the ticket is gone.
 * They are edited directly (not through the workflow), so the activities that choose a policy, a
 * team or an escalation read them here at decision time rather than from the workflow's facts.
 */
export async function findTicketClassification(
  db: Knex,
  ticketId: number,
): Promise<Required<TicketClassification> | null> {
  const row = (await db('tickets')
    .where({ id: ticketId })
    .first(...classificationColumns)) as Parameters<typeof classificationOf>[0] | undefined;
  return row ? classificationOf(row) : null;
}
