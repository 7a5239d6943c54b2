/** "Title" + "must not be empty" → "Title must not be empty"; a full sentence from the server stays as it is. */
export function fieldMessage(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** One line of a form's error summary: the invalid field's element id (null for form-wide errors) and the text. */
export interface SummaryEntry {
  target: string | null;
  text: string;
}

/** The element id of a form field, which the error summary links to: `customFields.product` → `field-customFields-product`. */
export function fieldElementId(field: string): string {
  return `field-${field.replaceAll('.', '-')}`;
}
