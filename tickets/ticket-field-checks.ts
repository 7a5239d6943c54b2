import { findTicketCustomFields, listActiveCustomFields } from '../db/custom-fields.js';
import { findTagVocabulary } from '../db/tag-vocabulary.js';
import { findStaffTicketById, findTicketById } from '../db/tickets.js';
import type { FieldIssue } from '../domain/api-error.js';
import {
  customFieldValuesSchema,
  describeMissingFields,
  mergeCustomFieldValues,
  missingRequiredFields,
  type CustomFieldDefinition,
  type CustomFieldValue,
  type CustomFieldValues,
} from '../domain/custom-fields.js';
import { isStaff } from '../domain/roles.js';
import { checkTags } from '../domain/tag-vocabulary.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { Db } from '../db/connection.js';
import { refused, type Outcome } from './outcome.js';
import type { TicketActor } from './ticket-actor.js';

/** A check's answer: the value to store, or the refused fields. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Who is writing custom fields: customers (and guests) only customer-editable ones, staff all. */
export const audienceOf = (actor: Pick<TicketActor, 'role'>): 'customer' | 'staff' =>
  isStaff(actor.role) ? 'staff' : 'customer';

/**
 * Checks custom field values a request sent against the active definitions, each issue at
 * `customFields.<key>` (the request's own path), e.g. `customFields.product: must be one of Hardware, Software`.
 */
export function checkCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  raw: unknown,
  audience: 'customer' | 'staff',
): Checked<Record<string, CustomFieldValue | null>> {
  const parsed = customFieldValuesSchema(definitions, { audience }).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: ['customFields', ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  };
}

/** Checks tags against the tag vocabulary (free tags off: only listed ones), answering them in the list's spelling. */
export async function checkTicketTags(db: Db, tags: readonly string[], path = 'tags'): Promise<Checked<string[]>> {
  const checked = checkTags(tags, await findTagVocabulary(db), path);
  return checked.ok ? { ok: true, value: checked.tags } : checked;
}

/** The refusal when some fields fail their checks: one sentence naming each, the issues for forms and the API. */
export function invalidFields(issues: FieldIssue[]): Outcome<never> {
  return refused('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

/** The refusal when a ticket would be in `status` without a value for a field that status requires; null when none is missing. */
export function requiredFieldsRefusal(
  definitions: readonly CustomFieldDefinition[],
  values: CustomFieldValues,
  status: TicketStatus,
): Outcome<never> | null {
  const missing = missingRequiredFields(definitions, values, status);
  if (missing.length === 0) return null;
  const when = status === 'new' ? 'is required for a new ticket' : `is required before moving to ${status}`;
  return refused('invalid_input', describeMissingFields(missing, status), {
    issues: missing.map((d) => ({ path: `customFields.${d.key}`, message: `${when} (${d.label})` })),
  });
}

/**
 * The refusal when a ticket moves to `status` while a field that status requires is empty: in its
 * stored values, or in `valuesAfter` when the same request also edits them.
 */
export async function statusNeedsFields(
  db: Db,
  ticketId: number,
  status: TicketStatus,
  valuesAfter?: CustomFieldValues,
): Promise<Outcome<never> | null> {
  const definitions = await listActiveCustomFields(db);
  if (!definitions.some((d) => d.requiredForStatuses.includes(status))) return null;
  const values = valuesAfter ?? (await findTicketCustomFields(db, ticketId)) ?? {};
  return requiredFieldsRefusal(definitions, values, status);
}

/** Custom field values a new ticket starts with: checked for the actor, required-at-creation ones present. */
export async function newTicketCustomFields(
  db: Db,
  raw: unknown,
  actor: Pick<TicketActor, 'role'>,
): Promise<Checked<CustomFieldValues>> {
  const definitions = await listActiveCustomFields(db);
  const checked = checkCustomFieldValues(definitions, raw ?? {}, audienceOf(actor));
  if (!checked.ok) return checked;
  const values = mergeCustomFieldValues({}, checked.value);
  // Customers are asked only for what they may fill in; staff fill in the rest later.
  const askable = audienceOf(actor) === 'staff' ? definitions : definitions.filter((d) => d.customerEditable);
  const missing = requiredFieldsRefusal(askable, values, 'new');
  if (missing?.kind === 'refused') return { ok: false, issues: missing.issues ?? [] };
  return { ok: true, value: values };
}

/** A ticket as the actor may see it: staff every custom field value, customers the customer-visible ones. */
export function ticketAsSeenBy(db: Db, ticketId: number, actor: Pick<TicketActor, 'role'>): Promise<Ticket | null> {
  return isStaff(actor.role) ? findStaffTicketById(db, ticketId) : findTicketById(db, ticketId);
}

/** The refusal when a new ticket's custom fields or tags fail their checks; null when they pass. */
export async function invalidTicketFields(
  deps: { db: Db },
  rawCustomFields: unknown,
  tags: readonly string[] | undefined,
  actor: Pick<TicketActor, 'role'>,
): Promise<Outcome<never> | null> {
  const fields = await newTicketCustomFields(deps.db, rawCustomFields, actor);
  const checkedTags = tags ? await checkTicketTags(deps.db, tags) : null;
  const issues = [...(fields.ok ? [] : fields.issues), ...(checkedTags && !checkedTags.ok ? checkedTags.issues : [])];
  return issues.length ? invalidFields(issues) : null;
}
