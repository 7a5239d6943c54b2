import { ValidationError } from 'adminjs';
import {
  customFieldConditions,
  type ClassificationConditions,
  type ConditionValue,
  type CustomFieldCondition,
} from '../../domain/rule-conditions.js';
import type { Db } from '../../db/connection.js';
import { listAllCustomFields } from '../../db/custom-fields.js';
import { findTagVocabulary } from '../../db/tag-vocabulary.js';
import { checkConditionReferences } from '../../domain/rule-condition-references.js';
import type { FormIssue, FormValues } from './domain-form.feature.js';

// The form fields of the conditions every rule kind shares (category, tags, custom field values):
// plain text a manager can fill in without reading anything but the field's hint.

/** The form fields, in the order the forms show them. */
export const classificationFormFields = ['conditionCategories', 'conditionTags', 'conditionCustomFields'] as const;

/** Their labels, for `propertyLabels` (and so for the messages that name them). */
export const classificationLabels: Record<(typeof classificationFormFields)[number], string> = {
  conditionCategories: 'Only for categories',
  conditionTags: 'Only for tickets tagged',
  conditionCustomFields: 'Only when custom fields hold',
};

/** Their AdminJS property options: what to write, with examples. */
export const classificationProperties = {
  // The placeholders show the format in the empty field itself; the descriptions say the rest.
  conditionCategories: {
    type: 'string',
    description: 'Comma-separated, e.g. billing, refunds; empty for every category.',
    props: { placeholder: 'e.g. billing, refunds (empty: every category)' },
  },
  conditionTags: {
    type: 'string',
    description: 'Comma-separated; the ticket needs at least one of them, e.g. vip, outage. Empty for any tags.',
    props: { placeholder: 'e.g. vip, outage (empty: any tags)' },
  },
  conditionCustomFields: {
    type: 'textarea',
    props: { rows: 3, placeholder: 'One field per line, e.g.\nplan: gold, platinum\ncontract_signed: true' },
    description:
      'One field per line: its key, a colon, and the values that match, separated by commas, e.g. "plan: gold, platinum" ' +
      'or "contract_signed: true". A ticket matches when the field holds one of the values (for a multi-select field: ' +
      'any of its choices) and every line matches; a ticket without a value never does. Empty for any values.',
  },
} as const;

const csv = (text: unknown) =>
  String(text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

const asText = (value: ConditionValue) => String(value);

/** A typed value from the form's text: true/false, a number written plainly, or the text itself. */
function valueOf(text: string): ConditionValue {
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  const number = Number(text);
  // "007" stays text: only numbers written the way they print become numbers.
  return text !== '' && Number.isFinite(number) && String(number) === text ? number : text;
}

/** Stored conditions as form field values. */
export function classificationFormValues(conditions: Partial<ClassificationConditions> | null | undefined) {
  return {
    conditionCategories: (conditions?.categories ?? []).join(', '),
    conditionTags: (conditions?.tags ?? []).join(', '),
    conditionCustomFields: (conditions?.customFields ?? [])
      .map((c) => `${c.key}: ${c.anyOf.map(asText).join(', ')}`)
      .join('\n'),
  };
}

/**
 * The conditions from the form. The custom field lines are checked here, against the domain's schema,
 * so a refusal names the line it is about; what passes is checked again with the whole rule.
 */
export function classificationConditionsOf(form: FormValues): ClassificationConditions {
  const lines = String(form.conditionCustomFields ?? '')
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');
  const refuse = (message: string): never => {
    throw new ValidationError(
      { conditionCustomFields: { message } },
      { message: `Not saved: ${classificationLabels.conditionCustomFields}: ${message}.` },
    );
  };
  const customFields: CustomFieldCondition[] = lines.map(({ line, number }) => {
    const colon = line.indexOf(':');
    if (colon < 0)
      refuse(`line ${number} ("${line}") needs a colon between the field key and its values, e.g. plan: gold`);
    return { key: line.slice(0, colon).trim(), anyOf: csv(line.slice(colon + 1)).map(valueOf) };
  });
  const checked = customFieldConditions.safeParse(customFields);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const index = typeof issue.path[0] === 'number' ? issue.path[0] : 0;
    const what = issue.path[1] === 'key' ? 'the field key ' : issue.path[1] === 'anyOf' ? 'the values ' : '';
    refuse(`line ${lines[index]?.number ?? 1}: ${what}${issue.message}`);
  }
  return { categories: csv(form.conditionCategories), tags: csv(form.conditionTags), customFields };
}

/** The form field a schema issue under `conditions` belongs to, or undefined for other conditions. */
export function classificationFieldOf(path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'conditions') return undefined;
  if (path[1] === 'categories') return 'conditionCategories';
  if (path[1] === 'tags') return 'conditionTags';
  if (path[1] === 'customFields') return 'conditionCustomFields';
  return undefined;
}

/**
 * The rule forms' check against what is stored (`domainForm`'s `checkStored`): the custom fields the
 * conditions name exist and can hold the values, and the tags are on the list while free tags are off.
 */
export function classificationReferencesCheck(db: Db) {
  return async (input: { conditions: ClassificationConditions }): Promise<FormIssue[]> => {
    const [fields, vocabulary] = await Promise.all([listAllCustomFields(db), findTagVocabulary(db)]);
    return checkConditionReferences(input.conditions, { fields, vocabulary }).map((issue) => ({
      field: issue.part === 'tags' ? 'conditionTags' : 'conditionCustomFields',
      message: issue.message,
    }));
  };
}
