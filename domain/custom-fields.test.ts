import { describe, expect, it } from 'vitest';
import {
  customFieldDefinitionInput,
  customFieldValuesSchema,
  mergeCustomFieldValues,
  missingRequiredFields,
  visibleCustomFields,
  type CustomFieldDefinition,
} from './custom-fields.js';
import { checkTags } from './tag-vocabulary.js';

const field = (over: Partial<CustomFieldDefinition> & Pick<CustomFieldDefinition, 'key' | 'type'>) => ({
  label: over.key,
  description: null,
  options: [],
  requiredForStatuses: [],
  customerVisible: false,
  customerEditable: false,
  position: 0,
  ...over,
});

const product = field({
  key: 'product',
  label: 'Product',
  type: 'single_select',
  options: ['Hardware', 'Software'],
  customerVisible: true,
  customerEditable: true,
  requiredForStatuses: ['resolved'],
  position: 1,
});
const serial = field({ key: 'serial', label: 'Serial number', type: 'text', customerVisible: true, position: 2 });
const cost = field({ key: 'cost', label: 'Cost', type: 'number', position: 3 });
const due = field({ key: 'due', type: 'date', position: 4 });
const onsite = field({ key: 'onsite', type: 'checkbox', position: 5 });
const areas = field({ key: 'areas', type: 'multi_select', options: ['EU', 'US', 'APAC'], position: 6 });
const all = [product, serial, cost, due, onsite, areas];

const issues = (
  schema: {
    safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  v: unknown,
) => {
  const parsed = schema.safeParse(v);
  return parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('custom field values', () => {
  const staff = customFieldValuesSchema(all, { audience: 'staff' });
  const customer = customFieldValuesSchema(all, { audience: 'customer' });

  it('accepts a value of the right type for every field, and null to clear', () => {
    expect(
      staff.parse({
        product: 'Software',
        serial: ' SN-1 ',
        cost: 12.5,
        due: '2026-02-28',
        onsite: false,
        areas: ['US', 'EU'],
      }),
    ).toEqual({
      product: 'Software',
      serial: 'SN-1',
      cost: 12.5,
      due: '2026-02-28',
      onsite: false,
      areas: ['EU', 'US'],
    });
    expect(staff.parse({ product: null })).toEqual({ product: null });
  });

  it('names the field and the allowed values when a value is outside the options', () => {
    expect(issues(staff, { product: 'Firmware' })).toEqual(['product: must be one of Hardware, Software']);
    expect(issues(staff, { areas: ['EU', 'Mars'] })).toEqual([
      'areas: "Mars" is not an option; must be one of EU, US, APAC',
    ]);
  });

  it('refuses unknown keys, listing the known ones', () => {
    expect(issues(staff, { colour: 'red' })).toEqual([
      'colour: is not a custom field; known fields: product, serial, cost, due, onsite, areas',
    ]);
  });

  it('refuses wrong types and impossible dates', () => {
    expect(issues(staff, { cost: '12', onsite: 'yes', due: '2026-02-30', serial: 5 })).toEqual([
      'cost: must be a number',
      'onsite: must be true or false',
      'due: must be a date as YYYY-MM-DD',
      'serial: must be text',
    ]);
  });

  it('lets customers set only the fields they may edit', () => {
    expect(customer.parse({ product: 'Hardware' })).toEqual({ product: 'Hardware' });
    expect(issues(customer, { serial: 'SN-1' })).toEqual(['serial: is not a custom field; known fields: product']);
  });

  it('merges a change into stored values, null removing a key', () => {
    expect(mergeCustomFieldValues({ product: 'Hardware', cost: 3 }, { product: null, serial: 'x' })).toEqual({
      cost: 3,
      serial: 'x',
    });
  });
});

describe('required fields', () => {
  it('lists the fields a status needs that have no value', () => {
    expect(missingRequiredFields(all, {}, 'resolved')).toEqual([product]);
    expect(missingRequiredFields(all, { product: 'Hardware' }, 'resolved')).toEqual([]);
    expect(missingRequiredFields(all, {}, 'open')).toEqual([]);
  });

  it('counts an unticked checkbox as filled but not an empty list or text', () => {
    const req = (f: CustomFieldDefinition) => ({ ...f, requiredForStatuses: ['new' as const] });
    const defs = [req(onsite), req(areas), req(serial)];
    expect(missingRequiredFields(defs, { onsite: false, areas: [], serial: '' }, 'new').map((d) => d.key)).toEqual([
      'serial',
      'areas',
    ]);
  });
});

describe('visible values', () => {
  it('shows customers only customer-visible fields, staff everything', () => {
    const values = { product: 'Hardware', serial: 'SN', cost: 4, retired: 'x' };
    expect(visibleCustomFields(all, values, 'customer')).toEqual({ product: 'Hardware', serial: 'SN' });
    expect(visibleCustomFields(all, values, 'staff')).toEqual(values);
  });
});

describe('a custom field definition', () => {
  const valid = { key: 'product', label: 'Product', type: 'single_select', options: ['Hardware', 'Software'] };

  it('accepts a select with options and fills the defaults', () => {
    expect(customFieldDefinitionInput.parse(valid)).toMatchObject({
      requiredForStatuses: [],
      customerVisible: false,
      customerEditable: false,
      position: 0,
      description: null,
    });
  });

  it('refuses a key that is not a lowercase slug', () => {
    expect(issues(customFieldDefinitionInput, { ...valid, key: 'Product Name' })[0]).toMatch(
      /^key: must be a lowercase slug/,
    );
  });

  it('needs unique options for selects and none for other types', () => {
    expect(issues(customFieldDefinitionInput, { ...valid, options: [] })).toEqual([
      'options: must list at least one option for a select',
    ]);
    expect(issues(customFieldDefinitionInput, { ...valid, options: ['A', 'a'] })).toEqual([
      'options: must be unique; "a" is listed twice',
    ]);
    expect(issues(customFieldDefinitionInput, { ...valid, type: 'text' })).toEqual([
      'options: are only for selects, not for text',
    ]);
  });

  it('refuses a field customers may edit but not see', () => {
    expect(issues(customFieldDefinitionInput, { ...valid, customerEditable: true })).toEqual([
      'customerEditable: needs the field to be visible to customers too',
    ]);
  });
});

describe('the tag vocabulary', () => {
  it('takes the list spelling, and refuses other tags while free tags are off', () => {
    expect(checkTags(['VIP', 'new-one'], { names: ['vip'], freeTagsAllowed: true })).toEqual({
      ok: true,
      tags: ['vip', 'new-one'],
    });
    expect(checkTags(['vip', 'new-one'], { names: ['vip'], freeTagsAllowed: false })).toEqual({
      ok: false,
      issues: [{ path: 'tags', message: '"new-one" is not in the tag list (free tags are off)' }],
    });
  });
});
