import { z } from 'zod';
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
