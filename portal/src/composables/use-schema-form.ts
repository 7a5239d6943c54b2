import { reactive } from 'vue';
import type { z } from 'zod';
import { ApiError } from '../api/api-error.js';

/** One invalid field as the form shows it. */
export interface FormError {
  field: string;
  message: string;
}

/**
 * The form field an issue belongs to: the deepest listed field its path starts with (so
 * `customFields.product` lands on that custom field when the form lists it), else the path's first part.
 */
function fieldOf(path: readonly PropertyKey[], fields: readonly string[]): string {
  for (let depth = path.length; depth > 1; depth--) {
    const candidate = path.slice(0, depth).map(String).join('.');
    if (fields.includes(candidate)) return candidate;
  }
  return String(path[0] ?? '');
}

function byField(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  fields: readonly string[],
): Map<string, string> {
  const map = new Map<string, string>();
  for (const issue of issues) {
    const field = fieldOf(issue.path, fields);
    if (!map.has(field)) map.set(field, issue.message);
  }
  return map;
}

/**
 * Validates a form with the same zod schema the server uses: one field on blur, all on submit,
 * and maps the server's 400 `details` (and 413/415 and the like) onto the same fields.
 * `schema` and `fields` may be getters, for forms whose fields arrive later (custom fields).
 */
export function useSchemaForm<S extends z.ZodType>(
  schema: S | (() => S),
  values: () => unknown,
  fieldList: readonly string[] | (() => readonly string[]),
) {
  const errors = reactive<Record<string, string | undefined>>({});
  const currentSchema = (): S => (typeof schema === 'function' ? (schema as () => S)() : schema);
  const currentFields = () => (typeof fieldList === 'function' ? fieldList() : fieldList);

  /** Checks one field (on blur) and shows or clears its message. */
  function validateField(field: string): void {
    const result = currentSchema().safeParse(values());
    errors[field] = result.success ? undefined : byField(result.error.issues, currentFields()).get(field);
  }

  /** Checks every field; returns the parsed input, or null with every message shown. */
  function validate(): z.output<S> | null {
    const fields = currentFields();
    const result = currentSchema().safeParse(values());
    const messages = result.success ? new Map<string, string>() : byField(result.error.issues, fields);
    for (const field of fields) errors[field] = messages.get(field);
    if (!result.success && ![...messages.keys()].some((f) => fields.includes(f))) {
      errors.form = [...messages.values()][0] ?? 'Check the form and try again.';
    } else errors.form = undefined;
    return result.success ? result.data : null;
  }

  /** Shows a failed submission's field messages; what names no field goes to the form as a whole. */
  function applyServerError(error: unknown): void {
    const fields = currentFields();
    const issues = (error instanceof ApiError ? error.fieldIssues : [])
      .map((issue) => ({ field: fieldOf(issue.path.split('.'), fields), message: issue.message }))
      .filter((issue) => fields.includes(issue.field));
    for (const issue of issues) errors[issue.field] = issue.message;
    errors.form =
      issues.length > 0
        ? undefined
        : error instanceof ApiError
          ? error.message
          : 'Something went wrong. Try again in a moment.';
  }

  /** The fields now invalid, in form order (for the error summary). */
  function list(): FormError[] {
    const items = currentFields().flatMap((field) => (errors[field] ? [{ field, message: errors[field] }] : []));
    return errors.form ? [...items, { field: 'form', message: errors.form }] : items;
  }

  return { errors, validateField, validate, applyServerError, list };
}
