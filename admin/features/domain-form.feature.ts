import { buildFeature, flat, ValidationError, type ActionRequest, type FeatureType, type PropertyErrors } from 'adminjs';
import type { z } from 'zod';
import { propertyLabels } from '../property-labels.js';

/** How a configuration record is edited as form fields and checked with a domain schema. */
export interface DomainForm<S extends z.ZodType> {
  /** The resource (table) edited, for the field labels in messages. */
  resource: string;
  /** Form field values (virtual properties) from a stored row. */
  toForm(row: Record<string, any>): Record<string, unknown>;
  /** The domain input from the submitted form; may throw a ValidationError for unreadable fields. */
  toInput(form: Record<string, any>): unknown;
  schema: S;
  /** Column values from the validated input (jsonb as JSON text); fields the schema does not cover come from the form. */
  toRow(input: z.output<S>, form: Record<string, any>): Record<string, unknown>;
  /** The form field a schema issue belongs to. */
  fieldOf(path: readonly PropertyKey[], form: Record<string, any>): string;
}

const humanize = (field: string) => field.replace(/_id$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * Edits a configuration record through friendly form fields (hours and minutes, one line per day,
 * checkboxes) validated by the domain's zod schema, so a manager gets the same rules — and the same
 * refusals of contradictory settings — as every other writer.
 */
export function domainForm<S extends z.ZodType>(form: DomainForm<S>): FeatureType {
  const fill = (params: Record<string, unknown>) => ({ ...params, ...flat.flatten(form.toForm(flat.unflatten(params))) });
  const fillResponse = async (response: any) => {
    if (response.record?.params) response.record.params = fill(response.record.params);
    if (Array.isArray(response.records)) for (const record of response.records) record.params = fill(record.params);
    return response;
  };
  const check = async (request: ActionRequest) => {
    if (request.method !== 'post') return request;
    const submitted = flat.unflatten<Record<string, unknown>, Record<string, any>>(request.payload ?? {});
    const parsed = form.schema.safeParse(form.toInput(submitted));
    if (!parsed.success) {
      const errors: PropertyErrors = {};
      const sentences: string[] = [];
      for (const issue of parsed.error.issues) {
        // Each refusal is told against the form field people filled in, not the schema's path.
        const field = form.fieldOf(issue.path, submitted);
        errors[field] ??= { message: issue.message };
        sentences.push(`${propertyLabels[form.resource]?.[field] ?? humanize(field)} ${issue.message}`);
      }
      const summary = sentences.join('; ');
      throw new ValidationError(errors, { message: `Not saved: ${summary}.` });
    }
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
  return (Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value]).map(String).filter(Boolean);
}
