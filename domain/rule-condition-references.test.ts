import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition, CustomFieldType } from './custom-fields.js';
import { checkConditionReferences, type ConditionReferences } from './rule-condition-references.js';

const field = (key: string, type: CustomFieldType, options: string[] = []): CustomFieldDefinition => ({
  key,
  label: key,
  description: null,
  type,
  options,
  requiredForStatuses: [],
  customerVisible: false,
  customerEditable: false,
  position: 0,
});

const references: ConditionReferences = {
  fields: [
    field('plan', 'single_select', ['Gold', 'Platinum']),
    field('products', 'multi_select', ['api', 'portal']),
    field('seats', 'number'),
    field('contract_signed', 'checkbox'),
    field('renewal_on', 'date'),
    field('notes', 'text'),
  ],
  vocabulary: { names: ['vip', 'Key account'], freeTagsAllowed: true },
};

describe('rule conditions against the configuration', () => {
  it('accepts fields that exist with values they can hold, options in any case', () => {
    expect(
      checkConditionReferences(
        {
          tags: ['anything'],
          customFields: [
            { key: 'plan', anyOf: ['gold', 'PLATINUM'] },
            { key: 'products', anyOf: ['portal'] },
            { key: 'seats', anyOf: [50] },
            { key: 'contract_signed', anyOf: [true] },
            { key: 'renewal_on', anyOf: ['2027-01-31'] },
            { key: 'notes', anyOf: ['free text'] },
          ],
        },
        references,
      ),
    ).toEqual([]);
  });

  it('names an unknown field and lists the ones there are', () => {
    expect(checkConditionReferences({ customFields: [{ key: 'plna', anyOf: ['gold'] }] }, references)).toEqual([
      {
        part: 'customFields',
        message:
          '"plna" is not a custom field (the fields are plan, products, seats, contract_signed, renewal_on, notes)',
      },
    ]);
    expect(
      checkConditionReferences({ customFields: [{ key: 'plan', anyOf: ['gold'] }] }, { ...references, fields: [] })[0]
        ?.message,
    ).toBe('"plan" is not a custom field (none is defined yet: add it under Custom fields)');
  });

  it('names each value the field can never hold', () => {
    expect(
      checkConditionReferences(
        {
          customFields: [
            { key: 'plan', anyOf: ['gold', 'gld'] },
            { key: 'seats', anyOf: ['fifty'] },
            { key: 'contract_signed', anyOf: ['yes'] },
            { key: 'renewal_on', anyOf: ['31/01/2027'] },
          ],
        },
        references,
      ).map((i) => i.message),
    ).toEqual([
      'plan: "gld" is not one of its options (Gold, Platinum)',
      'seats: "fifty" is not a number',
      'contract_signed: "yes" is not true or false',
      'renewal_on: "31/01/2027" is not a date as YYYY-MM-DD',
    ]);
  });

  it('holds tags to the list only while free tags are off', () => {
    const closed = { ...references, vocabulary: { ...references.vocabulary, freeTagsAllowed: false } };
    expect(checkConditionReferences({ tags: ['VIP', 'vipp'] }, closed)).toEqual([
      { part: 'tags', message: '"vipp" is not in the tag list (free tags are off)' },
    ]);
    expect(checkConditionReferences({ tags: ['vipp'] }, references)).toEqual([]);
  });
});
