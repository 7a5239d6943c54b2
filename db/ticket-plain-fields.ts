import type { Knex } from 'knex';
import { mergeCustomFieldValues, type CustomFieldValue, type CustomFieldValues } from '../domain/custom-fields.js';

/** The directly edited fields of a ticket as stored. */
export interface TicketPlainFields {
  title: string;
  description: string;
  category: string | null;
  tags: string[];
  custom_fields: CustomFieldValues;
}

/** What a direct edit changes: only the fields named; custom fields are merged key by key (null removes one). */
export interface PlainFieldsChange {
  title?: string;
  description?: string;
  category?: string | null;
  tags?: string[];
  customFields?: Record<string, CustomFieldValue | null>;
}

/** A ticket's plain fields, status and version, or null when there is no such ticket. */
export async function findTicketPlainFields(
  db: Knex,
  ticketId: number,
): Promise<(TicketPlainFields & { status: string; version: number }) | null> {
  const row = await db('tickets')
    .where({ id: ticketId })
    .first('title', 'description', 'category', 'tags', 'custom_fields', 'status', 'version');
  return (row as (TicketPlainFields & { status: string; version: number }) | undefined) ?? null;
}

/**
 * Writes plain fields of a locked ticket row (run it in the transaction that audits the edit), merging
 * custom field values into the stored ones under the lock so concurrent edits of other keys survive.
 * Answers the fields before and after; null when there is no such ticket.
 */
export async function updateTicketPlainFields(
  trx: Knex.Transaction,
  ticketId: number,
  change: PlainFieldsChange,
): Promise<{ before: TicketPlainFields; after: TicketPlainFields } | null> {
  const row = await trx('tickets')
    .where({ id: ticketId })
    .forUpdate()
    .first('title', 'description', 'category', 'tags', 'custom_fields');
  if (!row) return null;
  const before = row as TicketPlainFields;
  const after: TicketPlainFields = {
    title: change.title ?? before.title,
    description: change.description ?? before.description,
    category: change.category !== undefined ? change.category : before.category,
    tags: change.tags ?? before.tags,
    custom_fields: change.customFields
      ? mergeCustomFieldValues(before.custom_fields, change.customFields)
      : before.custom_fields,
  };
  if (JSON.stringify(after) !== JSON.stringify(before))
    await trx('tickets')
      .where({ id: ticketId })
      .update({
        title: after.title,
        description: after.description,
        category: after.category,
        tags: after.tags,
        custom_fields: JSON.stringify(after.custom_fields),
        updated_at: trx.fn.now(),
      });
  return { before, after };
}
