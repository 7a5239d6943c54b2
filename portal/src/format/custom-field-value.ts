import type { CustomFieldDefinition, CustomFieldValue } from '../../../domain/custom-fields.js';

// A date field holds a calendar day, not a moment: formatted in UTC so no time zone moves it a day.
const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A custom field's value for people: "Yes"/"No", a date in the reader's locale, options joined by commas. */
export function formatCustomFieldValue(definition: CustomFieldDefinition, value: CustomFieldValue): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return value.toLocaleString();
  if (definition.type === 'date') {
    const day = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? value : calendarDay.format(day);
  }
  return value;
}
