import {
  buildFeature,
  flat,
  ValidationError,
  type ActionRequest,
  type ActionResponse,
  type FeatureType,
  type PropertyErrors,
  type RecordJSON,
} from 'adminjs';
import type { z } from 'zod';
import { propertyLabels } from '../property-labels.js';

/** Values a form submitted (AdminJS params, unflattened): anything, until the domain schema has checked them. */
export type FormValues = Record<string, unknown>;

/**
 * How a configuration record is edited as form fields and checked with a domain schema. `Row` is the
 * stored row as the resource reads it (its columns, all optional: a new record has none yet).
 */
export interface DomainForm<S extends z.ZodType, Row extends object> {
  /** The resource (table) edited, for the field labels in messages. */
  resource: string;
  /** Form field values (virtual properties) from a stored row. */
  toForm(row: Partial<Row>): Record<string, unknown>;
  /** The domain input from the submitted form; may throw a ValidationError for unreadable fields. */
  toInput(form: FormValues): unknown;
  schema: S;
  /** Column values from the validated input (jsonb as JSON text); fields the schema does not cover come from the form. */
  toRow(input: z.output<S>, form: FormValues): Record<string, unknown>;
  /** The form field a schema issue belongs to. */
  fieldOf(path: readonly PropertyKey[], form: FormValues): string;
  /** Checks of the valid input against what is stored (that the fields it names exist, say). */
  checkStored?(input: z.output<S>): Promise<FormIssue[]>;
}

/** A refusal of one form field. */
export interface FormIssue {
  field: string;
  message: string;
}

const humanize = (field: string) =>
  field
    .replace(/_id$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

/**
 * Edits a configuration record through friendly form fields (hours and minutes, one line per day,
 * checkboxes) validated by the domain's zod schema, so a manager gets the same rules — and the same
 * refusals of contradictory settings — as every other writer.
 */
export function domainForm<S extends z.ZodType, Row extends object>(form: DomainForm<S, Row>): FeatureType {
  // AdminJS hands the stored row over as untyped params; the resource names its columns in `Row`.
  const fill = (params: Record<string, unknown>) => ({
    ...params,
    ...flat.flatten(form.toForm(flat.unflatten<Record<string, unknown>, Partial<Row>>(params))),
  });
  const fillResponse = async (response: ActionResponse) => {
    const { record, records } = response as { record?: RecordJSON; records?: RecordJSON[] };
    if (record?.params) record.params = fill(record.params);
    if (Array.isArray(records)) for (const each of records) each.params = fill(each.params);
    return response;
  };
  // Schema messages continue the field's label ("Name must not be empty"); stored checks' messages
  // are sentences of their own ("Only when custom fields hold: "plna" is not a custom field").
  const refusal = (issues: FormIssue[], separator: ' ' | ': '): ValidationError => {
    const errors: PropertyErrors = {};
    for (const { field, message } of issues) errors[field] ??= { message };
    const summary = issues
      .map(({ field, message }) => `${propertyLabels[form.resource]?.[field] ?? humanize(field)}${separator}${message}`)
      .join('; ');
    return new ValidationError(errors, { message: `Not saved: ${summary}.` });
  };
  const check = async (request: ActionRequest) => {
    if (request.method !== 'post') return request;
    const submitted = flat.unflatten<Record<string, unknown>, FormValues>(request.payload ?? {});
    const parsed = form.schema.safeParse(form.toInput(submitted));
    // Each refusal is told against the form field people filled in, not the schema's path.
    if (!parsed.success)
      throw refusal(
        parsed.error.issues.map((issue) => ({ field: form.fieldOf(issue.path, submitted), message: issue.message })),
        ' ',
      );
    const stored = (await form.checkStored?.(parsed.data)) ?? [];
    if (stored.length) throw refusal(stored, ': ');
    return { ...request, payload: form.toRow(parsed.data, submitted) };
  };
  return buildFeature({
    actions: {
      new: { before: check, after: fillResponse },
      edit: { before: check, after: fillResponse },
      show: { after: fillResponse },
      list: { after: fillResponse },
    },
  });
}

/** Seconds as whole hours and the minutes left over, for duration fields. */
export function hoursAndMinutes(seconds: number | null | undefined): { hours: number; minutes: number } {
  const total = Math.round((seconds ?? 0) / 60);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** Hours and minutes from a form as seconds (empty counts as 0). */
export function toSeconds(hours: unknown, minutes: unknown): number {
  return (Number(hours || 0) * 60 + Number(minutes || 0)) * 60;
}

/** A form's list field (isArray property) as numbers or strings, empty entries dropped. */
export function listOf(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value])
    .map(String)
    .filter(Boolean);
}
