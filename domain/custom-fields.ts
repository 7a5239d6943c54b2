import { z } from 'zod';
import { ticketStatuses, type TicketStatus } from './ticket-status.js';
import { singleLineText } from './text-fields.js';

/** The kinds of value a custom field holds, as managers choose them. */
export const customFieldTypes = ['text', 'number', 'date', 'checkbox', 'single_select', 'multi_select'] as const;

/** One kind of custom field. */
export type CustomFieldType = (typeof customFieldTypes)[number];

/** What people call each type in forms (the back office's select, the portal). */
export const customFieldTypeLabels: Readonly<Record<CustomFieldType, string>> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  checkbox: 'Checkbox',
  single_select: 'Single select',
  multi_select: 'Multi select',
};

/** A stored value: text, number, checkbox, a date as `YYYY-MM-DD`, an option or a list of options. */
export type CustomFieldValue = string | number | boolean | string[];

/** A ticket's custom field values by field key. */
export type CustomFieldValues = Record<string, CustomFieldValue>;

/** A custom field as managers define it. */
export interface CustomFieldDefinition {
  key: string;
  label: string;
  description: string | null;
  type: CustomFieldType;
  /** The choices of a select; empty for other types. */
  options: string[];
  /** Moving a ticket to one of these needs a value; `new` means required when the ticket is created. */
  requiredForStatuses: TicketStatus[];
  customerVisible: boolean;
  customerEditable: boolean;
  position: number;
}

/** True for the types whose values come from `options`. */
export function hasOptions(type: CustomFieldType): boolean {
  return type === 'single_select' || type === 'multi_select';
}

const keyPattern = /^[a-z][a-z0-9_]{0,49}$/;

/**
 * The back office's create/edit form of a custom field. The key is a lowercase slug (it names the
 * value in the API and in rule conditions); selects need unique options, other types none; a field
 * customers may edit must be one they can see.
 */
export const customFieldDefinitionInput = z
  .object({
    key: z
      .string({ error: 'is required' })
      .trim()
      .regex(keyPattern, 'must be a lowercase slug: a letter, then letters, digits or _ (at most 50), e.g. product'),
    label: singleLineText(100),
    description: z
      .string()
      .trim()
      .max(500, 'must be at most 500 characters')
      .nullish()
      .transform((s) => (s ? s : null)),
    type: z.enum(customFieldTypes, { error: `must be one of ${customFieldTypes.join(', ')}` }),
    options: z
      .array(singleLineText(100), { error: 'must be a list of options' })
      .max(100, 'must list at most 100 options')
      .default([]),
    requiredForStatuses: z
      .array(z.enum(ticketStatuses, { error: `must be one of ${ticketStatuses.join(', ')}` }))
      .default([])
      .transform((list) => ticketStatuses.filter((s) => list.includes(s))),
    customerVisible: z.boolean({ error: 'must be true or false' }).default(false),
    customerEditable: z.boolean({ error: 'must be true or false' }).default(false),
    position: z.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(10_000).default(0),
  })
  .superRefine((field, ctx) => {
    if (hasOptions(field.type) && field.options.length === 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'must list at least one option for a select' });
    if (!hasOptions(field.type) && field.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `are only for selects, not for ${field.type}` });
    const seen = new Set<string>();
    for (const option of field.options) {
      if (seen.has(option.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['options'], message: `must be unique; "${option}" is listed twice` });
      seen.add(option.toLowerCase());
    }
    if (field.customerEditable && !field.customerVisible)
      ctx.addIssue({
        code: 'custom',
        path: ['customerEditable'],
        message: 'needs the field to be visible to customers too',
      });
  });

/** A validated custom field definition. */
export type CustomFieldDefinitionInput = z.output<typeof customFieldDefinitionInput>;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(s: string): boolean {
  if (!datePattern.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The schema of one field's value (without null). */
export function customFieldValueSchema(field: CustomFieldDefinition): z.ZodType<CustomFieldValue> {
  const oneOf = `must be one of ${field.options.join(', ')}`;
  switch (field.type) {
    case 'text':
      return z
        .string({ error: 'must be text' })
        .trim()
        .min(1, 'must not be empty (send null to clear it)')
        .max(2000, 'must be at most 2000 characters');
    case 'number':
      return z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number');
    case 'date':
      return z.string({ error: 'must be a date as YYYY-MM-DD' }).refine(isCalendarDate, 'must be a date as YYYY-MM-DD');
    case 'checkbox':
      return z.boolean({ error: 'must be true or false' });
    case 'single_select':
      return z.string({ error: oneOf }).refine((v) => field.options.includes(v), oneOf);
    case 'multi_select':
      return z
        .array(z.string({ error: oneOf }), { error: `must be a list; each ${oneOf}` })
        .superRefine((list, ctx) => {
          for (const v of list)
            if (!field.options.includes(v))
              ctx.addIssue({ code: 'custom', message: `"${v}" is not an option; ${oneOf}` });
        })
        .transform((list) => field.options.filter((o) => list.includes(o)));
  }
}

/**
 * Custom field values as a request sends them, checked against the definitions: unknown keys, wrong
 * types and values outside a select's options are refused, naming the field; customers may only set
 * fields they may edit. `null` clears a value.
 */
export function customFieldValuesSchema(
  definitions: readonly CustomFieldDefinition[],
  options: { audience: 'customer' | 'staff' },
): z.ZodType<Record<string, CustomFieldValue | null>> {
  const writable = definitions.filter((d) => options.audience === 'staff' || d.customerEditable);
  const byKey = new Map(writable.map((d) => [d.key, d]));
  const known = writable.map((d) => d.key).join(', ') || '(none)';
  return z
    .record(z.string(), z.unknown(), { error: 'must be an object of field keys to values' })
    .transform((values, ctx) => {
      const out: Record<string, CustomFieldValue | null> = {};
      for (const [key, value] of Object.entries(values)) {
        const field = byKey.get(key);
        if (!field) {
          ctx.addIssue({ code: 'custom', path: [key], message: `is not a custom field; known fields: ${known}` });
          continue;
        }
        if (value === null) {
          out[key] = null;
          continue;
        }
        const parsed = customFieldValueSchema(field).safeParse(value);
        if (parsed.success) out[key] = parsed.data;
        else ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]?.message ?? 'is invalid' });
      }
      return out;
    });
}

/** True when a value counts as filled in (an empty list or text does not; an unticked checkbox does). */
export function hasCustomFieldValue(value: CustomFieldValue | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

/** Applies a validated change to stored values: null removes a key. */
export function mergeCustomFieldValues(
  current: CustomFieldValues,
  change: Record<string, CustomFieldValue | null>,
): CustomFieldValues {
  const next: CustomFieldValues = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** The fields that must have a value for a ticket to be in `status` but have none, in form order. */
export function missingRequiredFields(
  definitions: readonly CustomFieldDefinition[],
  values: CustomFieldValues,
  status: TicketStatus,
): CustomFieldDefinition[] {
  return [...definitions]
    .filter((d) => d.requiredForStatuses.includes(status) && !hasCustomFieldValue(values[d.key]))
    .sort((a, b) => a.position - b.position);
}

/** A sentence naming the fields a status needs, e.g. `Fill in Product, Serial number before moving to resolved.` */
export function describeMissingFields(missing: readonly CustomFieldDefinition[], status: TicketStatus): string {
  const names = missing.map((d) => d.label).join(', ');
  return status === 'new'
    ? `Fill in ${names}: required for a new ticket.`
    : `Fill in ${names} before moving the ticket to ${status}.`;
}

/** The values an audience may see: customers only those of customer-visible fields; staff all. */
export function visibleCustomFields(
  definitions: readonly CustomFieldDefinition[],
  values: CustomFieldValues,
  audience: 'customer' | 'staff',
): CustomFieldValues {
  if (audience === 'staff') return { ...values };
  const visible = new Set(definitions.filter((d) => d.customerVisible).map((d) => d.key));
  return Object.fromEntries(Object.entries(values).filter(([key]) => visible.has(key)));
}
