import { z } from 'zod';
import { singleLineText } from './text-fields.js';
import { ticketPriorities } from './ticket-priority.js';

/** True when a condition list lets a ticket's value through: an empty or missing list allows anything, a null value only that. */
export function conditionAllows<T>(allowed: readonly T[] | undefined, value: T | null): boolean {
  return allowed === undefined || allowed.length === 0 || (value !== null && allowed.includes(value));
}

/** The first active rule, by position and then id, that `matches`; null when none does. */
export function firstActiveByPosition<R extends { id: number; position: number; active: boolean }>(
  rules: readonly R[],
  matches: (rule: R) => boolean,
): R | null {
  const ordered = rules.filter((rule) => rule.active).sort((a, b) => a.position - b.position || a.id - b.id);
  return ordered.find(matches) ?? null;
}

/** A database id: a positive 32-bit integer. */
export const recordId = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647, 'is too large');

/** A rule's evaluation order: lower positions are tried first. */
export const rulePosition = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(2_147_483_647, 'is too large')
  .default(100);

/** A list of values a condition allows, each named once (compared by `key`, e.g. case-insensitively). */
export function conditionList<T extends z.ZodType>(item: T, key: (value: z.output<T>) => unknown = (value) => value) {
  return z
    .array(item, { error: 'must be a list' })
    .max(100, 'must have at most 100 entries')
    .superRefine((values, ctx) => {
      const seen = new Set<unknown>();
      values.forEach((value, index) => {
        if (seen.has(key(value))) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${String(value)}` });
        seen.add(key(value));
      });
    });
}

/** A condition on ticket priorities. */
export const priorityCondition = conditionList(
  z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` }),
);

/** A condition on organization or team ids. */
export const idCondition = conditionList(recordId);

/** A value a custom field condition accepts: what a field stores, one option at a time. */
export type ConditionValue = string | number | boolean;

/** "The ticket's `key` field holds one of `anyOf`" (for a multi-select field: any of its values). */
export interface CustomFieldCondition {
  key: string;
  anyOf: ConditionValue[];
}

/** Conditions on what people file a ticket under, shared by assignment, SLA and escalation rules. */
export interface ClassificationConditions {
  /** The ticket's category is one of these (case-insensitive). */
  categories?: string[];
  /** The ticket has at least one of these tags (case-insensitive). */
  tags?: string[];
  /** Every entry matches the ticket's custom field values. */
  customFields?: CustomFieldCondition[];
}

/**
 * A ticket's category, tags and custom field values as rules read them: from the ticket row when a
 * rule is evaluated (they are edited directly, not through the workflow). Absent parts count as
 * none: no category, no tags, no values.
 */
export interface TicketClassification {
  category?: string | null;
  tags?: readonly string[];
  /** The `custom_fields` column: values by key (text, number, 'YYYY-MM-DD', true/false, or a list for multi-select). */
  customFields?: Readonly<Record<string, unknown>>;
}

// Categories, tags and typed-in values are written by people ("VIP", "vip ", "Gold"), so they
// compare trimmed and without case; 5 and "5" are the same value.
const textKey = (value: unknown) => String(value).trim().toLowerCase();

function valueMatches(stored: unknown, anyOf: readonly ConditionValue[]): boolean {
  const wanted = new Set(anyOf.map(textKey));
  const values = Array.isArray(stored) ? stored : [stored];
  return values.some(
    (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.has(textKey(v)),
  );
}

/** True when the ticket's category, tags and custom fields pass every classification condition the rule sets. */
export function classificationAllows(conditions: ClassificationConditions, ticket: TicketClassification): boolean {
  const { categories, tags, customFields } = conditions;
  if (categories?.length) {
    if (ticket.category == null || !categories.some((c) => textKey(c) === textKey(ticket.category))) return false;
  }
  if (tags?.length) {
    const has = new Set((ticket.tags ?? []).map(textKey));
    if (!tags.some((t) => has.has(textKey(t)))) return false;
  }
  for (const condition of customFields ?? []) {
    // A missing value (no key, null, an empty list) never matches.
    if (!valueMatches(ticket.customFields?.[condition.key], condition.anyOf)) return false;
  }
  return true;
}

/** A condition on categories (compared without case). */
export const categoryCondition = conditionList(singleLineText(64), textKey);

/** A condition on tags: the ticket needs one of them (compared without case). */
export const tagCondition = conditionList(
  singleLineText(64).refine((tag) => !tag.includes(','), 'must not contain a comma'),
  textKey,
);

// The key format of custom field definitions (domain/custom-fields.ts): a rule can only name a field that can exist.
const customFieldKey = /^[a-z][a-z0-9_]{0,49}$/;

const conditionValue = z.union([singleLineText(200), z.number(), z.boolean()], {
  error: 'must be text, a number or true/false',
});

/** Conditions on custom field values: every entry must match, each field named once. */
export const customFieldConditions = z
  .array(
    z.strictObject({
      key: z
        .string({ error: 'must be the key of a custom field' })
        .trim()
        .regex(customFieldKey, 'must be the key of a custom field: a lowercase slug such as plan or product_area'),
      anyOf: z
        .array(conditionValue, { error: 'must be a list of values' })
        .min(1, 'must list at least one value the field may hold')
        .max(100, 'must have at most 100 values')
        .superRefine((values, ctx) => {
          const seen = new Set<string>();
          values.forEach((value, index) => {
            if (seen.has(textKey(value))) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${value}` });
            seen.add(textKey(value));
          });
        }),
    }),
    { error: 'must be a list of {key, anyOf} conditions' },
  )
  .max(20, 'must have at most 20 custom field conditions')
  .superRefine((conditions, ctx) => {
    const seen = new Set<string>();
    conditions.forEach(({ key }, index) => {
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `repeats the field ${key}; list all its values in one condition`,
        });
      seen.add(key);
    });
  });

/** The schema entries of the classification conditions, for each rule kind's `conditions` object. */
export const classificationConditionShape = {
  categories: categoryCondition.optional(),
  tags: tagCondition.optional(),
  customFields: customFieldConditions.optional(),
};
