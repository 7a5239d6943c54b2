import { reactive } from 'vue';
import type { z } from 'zod';
import { ApiError } from '../api/api-error.js';

/** One invalid field as the form shows it. */
export interface FormError {
  field: string;
  message: string;
}

function byField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!map.has(field)) map.set(field, issue.message);
  }
  return map;
}

/**
 * Validates a form with the same zod schema the server uses: one field on blur, all on submit,
 * and maps the server's 400 `details` (and 413/415 and the like) onto the same fields.
 */
export function useSchemaForm<S extends z.ZodType>(schema: S, values: () => unknown, fields: readonly string[]) {
  const errors = reactive<Record<string, string | undefined>>({});

  /** Checks one field (on blur) and shows or clears its message. */
  function validateField(field: string): void {
    const result = schema.safeParse(values());
    errors[field] = result.success ? undefined : byField(result.error.issues).get(field);
  }

  /** Checks every field; returns the parsed input, or null with every message shown. */
  function validate(): z.output<S> | null {
    const result = schema.safeParse(values());
    const messages = result.success ? new Map<string, string>() : byField(result.error.issues);
    for (const field of fields) errors[field] = messages.get(field);
    if (!result.success && ![...messages.keys()].some((f) => fields.includes(f))) {
      errors.form = [...messages.values()][0] ?? 'Check the form and try again.';
    } else errors.form = undefined;
    return result.success ? result.data : null;
  }

  /** Shows a failed submission's field messages; what names no field goes to the form as a whole. */
  function applyServerError(error: unknown): void {
    const issues =
      error instanceof ApiError ? error.fieldIssues.filter((i) => fields.includes(i.path.split('.')[0] ?? '')) : [];
    for (const issue of issues) errors[issue.path.split('.')[0] ?? ''] = issue.message;
    errors.form =
      issues.length > 0
        ? undefined
        : error instanceof ApiError
          ? error.message
          : 'Something went wrong. Try again in a moment.';
  }

  /** The fields now invalid, in form order (for the error summary). */
  function list(): FormError[] {
    const items = fields.flatMap((field) => (errors[field] ? [{ field, message: errors[field] }] : []));
    return errors.form ? [...items, { field: 'form', message: errors.form }] : items;
  }

  return { errors, validateField, validate, applyServerError, list };
}
