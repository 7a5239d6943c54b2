import { flat } from 'adminjs';
import { z } from 'zod';
import type { FieldIssue } from '../domain/api-error.js';
import type { CustomFieldDefinition, CustomFieldValues } from '../domain/custom-fields.js';
import { multiLineText, singleLineText } from '../domain/text-fields.js';
import type { TicketEdit } from '../tickets/edit-ticket.js';

/**
 * The back office's ticket edit form, as the `TicketEditFields` components fill it: title,
 * description, category, tags (comma-separated) and the custom fields, one input per active definition,
 * their values carried as one JSON object (`customFieldsJson`) so lists and checkboxes arrive typed.
 */
const textFields = z.object({
  title: singleLineText(200).optional(),
  description: multiLineText(20_000).optional(),
  category: singleLineText(64).nullable().optional(),
});

const tagsOf = (text: unknown) => [
  ...new Set(
    String(text ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** The form field an issue of the edit command belongs to (`customFields.product` stays as it is: one input each). */
export const editFormFieldOf = (path: string) => (path.startsWith('tags') ? 'tagsText' : path);

/** The edit the submitted form asks for, or the fields it cannot even read. */
export function ticketEditOf(payload: Record<string, unknown>): { edit: TicketEdit } | { issues: FieldIssue[] } {
  const form = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload);
  const has = (field: string) => Object.hasOwn(form, field);
  const text = textFields.safeParse({
    ...(has('title') ? { title: form.title } : {}),
    ...(has('description') ? { description: form.description } : {}),
    ...(has('category') ? { category: form.category === '' || form.category == null ? null : form.category } : {}),
  });
  const issues: FieldIssue[] = text.success
    ? []
    : text.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  let customFields: Record<string, unknown> | undefined;
  if (has('customFieldsJson')) {
    try {
      const parsed: unknown = JSON.parse(String(form.customFieldsJson || '{}'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      customFields = parsed as Record<string, unknown>;
    } catch {
      issues.push({ path: 'customFields', message: 'could not be read; reload the page and try again' });
    }
  }
  if (issues.length || !text.success) return { issues };
  return {
    edit: {
      ...text.data,
      ...(has('tagsText') ? { tags: tagsOf(form.tagsText) } : {}),
      ...(customFields ? { customFields } : {}),
    },
  };
}

/** What the edit form and the ticket page need about custom fields: the active definitions and the ticket's values. */
export function customFieldParams(definitions: readonly CustomFieldDefinition[], values: CustomFieldValues) {
  const active = new Set(definitions.map((d) => d.key));
  return {
    customFieldDefinitionsJson: JSON.stringify(definitions),
    // Only the active fields' values: switched-off ones stay on the ticket, untouched by the form.
    customFieldsJson: JSON.stringify(Object.fromEntries(Object.entries(values).filter(([key]) => active.has(key)))),
  };
}
