import { hasOptions, type CustomFieldDefinition } from './custom-fields.js';
import type { ClassificationConditions, ConditionValue } from './rule-conditions.js';
import type { TagVocabulary } from './tag-vocabulary.js';

/** What a rule's conditions may name: every custom field (switched-off ones too) and the tag list. */
export interface ConditionReferences {
  fields: readonly CustomFieldDefinition[];
  vocabulary: TagVocabulary;
}

/** A condition that names something that does not exist, or a value its field can never hold. */
export interface ConditionReferenceIssue {
  part: 'tags' | 'customFields';
  message: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const quoted = (value: ConditionValue) => (typeof value === 'string' ? `"${value}"` : String(value));

/** Why `value` can never be what `field` holds, compared as rules compare (trimmed, without case), or null. */
function impossibleValue(field: CustomFieldDefinition, value: ConditionValue): string | null {
  const text = String(value).trim().toLowerCase();
  if (hasOptions(field.type))
    return field.options.some((o) => o.toLowerCase() === text)
      ? null
      : `${quoted(value)} is not one of its options (${field.options.join(', ')})`;
  if (field.type === 'number') return typeof value === 'number' ? null : `${quoted(value)} is not a number`;
  if (field.type === 'checkbox') return typeof value === 'boolean' ? null : `${quoted(value)} is not true or false`;
  if (field.type === 'date')
    return typeof value === 'string' && datePattern.test(value) ? null : `${quoted(value)} is not a date as YYYY-MM-DD`;
  return null;
}

/**
 * Checks that a rule's conditions name custom fields that exist and values they can hold, and, while
 * free tags are off, tags of the list: a rule naming "plna" for "plan", or "gld" for "gold", would
 * match no ticket ever, and nobody would be told.
 */
export function checkConditionReferences(
  conditions: ClassificationConditions,
  references: ConditionReferences,
): ConditionReferenceIssue[] {
  const issues: ConditionReferenceIssue[] = [];
  const byKey = new Map(references.fields.map((f) => [f.key, f]));
  for (const condition of conditions.customFields ?? []) {
    const field = byKey.get(condition.key);
    if (!field) {
      const known = references.fields.map((f) => f.key);
      issues.push({
        part: 'customFields',
        message:
          `"${condition.key}" is not a custom field ` +
          (known.length ? `(the fields are ${known.join(', ')})` : '(none is defined yet: add it under Custom fields)'),
      });
      continue;
    }
    for (const value of condition.anyOf) {
      const why = impossibleValue(field, value);
      if (why) issues.push({ part: 'customFields', message: `${field.key}: ${why}` });
    }
  }
  if (!references.vocabulary.freeTagsAllowed) {
    const listed = new Set(references.vocabulary.names.map((n) => n.toLowerCase()));
    for (const tag of conditions.tags ?? [])
      if (!listed.has(tag.trim().toLowerCase()))
        issues.push({ part: 'tags', message: `"${tag}" is not in the tag list (free tags are off)` });
  }
  return issues;
}
