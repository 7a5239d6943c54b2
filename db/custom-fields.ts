import type { Knex } from 'knex';
import type { CustomFieldDefinition, CustomFieldType, CustomFieldValues } from '../domain/custom-fields.js';
import type { TicketStatus } from '../domain/ticket-status.js';

interface CustomFieldRow {
  key: string;
  label: string;
  description: string | null;
  type: CustomFieldType;
  options: string[];
  required_for_statuses: TicketStatus[];
  customer_visible: boolean;
  customer_editable: boolean;
  position: number;
}

function toDefinition(r: CustomFieldRow): CustomFieldDefinition {
  return {
    key: r.key,
    label: r.label,
    description: r.description,
    type: r.type,
    options: r.options,
    requiredForStatuses: r.required_for_statuses,
    customerVisible: r.customer_visible,
    customerEditable: r.customer_editable,
    position: r.position,
  };
}

/** The active custom fields in form order (position, then label): what forms show and writes are checked against. */
export async function listActiveCustomFields(db: Knex): Promise<CustomFieldDefinition[]> {
  const rows = await db('custom_fields')
    .where({ active: true })
    .orderBy([{ column: 'position' }, { column: 'label' }]);
  return rows.map((r) => toDefinition(r as CustomFieldRow));
}

/** Every custom field, switched-off ones too (their stored values are still shown to staff by label). */
export async function listAllCustomFields(db: Knex): Promise<(CustomFieldDefinition & { active: boolean })[]> {
  const rows = await db('custom_fields').orderBy([{ column: 'position' }, { column: 'label' }]);
  return rows.map((r) => ({ ...toDefinition(r as CustomFieldRow), active: (r as { active: boolean }).active }));
}

/** A ticket's stored custom field values (every field's, for staff and for checks); null when there is no such ticket. */
export async function findTicketCustomFields(db: Knex, ticketId: number): Promise<CustomFieldValues | null> {
  const row = await db('tickets').where({ id: ticketId }).first('custom_fields');
  return row ? (row as { custom_fields: CustomFieldValues }).custom_fields : null;
}
