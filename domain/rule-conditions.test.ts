import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classificationAllows, classificationConditionShape } from './rule-conditions.js';

const schema = z.strictObject(classificationConditionShape);
const issues = (input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const ticket = {
  category: 'Billing',
  tags: ['VIP', 'renewal'],
  customFields: {
    plan: 'gold',
    seats: 25,
    urgent_contract: true,
    products: ['api', 'portal'],
    renewal_on: '2027-01-31',
  },
};

describe('classificationAllows', () => {
  it('lets any ticket through conditions that set nothing, as rules from before these conditions do', () => {
    expect(classificationAllows({}, {})).toBe(true);
    expect(classificationAllows({ categories: [], tags: [], customFields: [] }, ticket)).toBe(true);
  });

  it('matches a category without case or surrounding spaces, and never a ticket without one', () => {
    expect(classificationAllows({ categories: ['billing '] }, ticket)).toBe(true);
    expect(classificationAllows({ categories: ['refunds'] }, ticket)).toBe(false);
    expect(classificationAllows({ categories: ['billing'] }, { ...ticket, category: null })).toBe(false);
  });

  it('matches when the ticket has at least one of the tags, in any case', () => {
    expect(classificationAllows({ tags: ['vip'] }, ticket)).toBe(true);
    expect(classificationAllows({ tags: ['outage', 'Renewal'] }, ticket)).toBe(true);
    expect(classificationAllows({ tags: ['outage'] }, ticket)).toBe(false);
    expect(classificationAllows({ tags: ['vip'] }, { ...ticket, tags: [] })).toBe(false);
    expect(classificationAllows({ tags: ['vip'] }, {})).toBe(false);
  });

  it('matches a custom field holding one of the values, for every field type', () => {
    expect(classificationAllows({ customFields: [{ key: 'plan', anyOf: ['silver', 'Gold'] }] }, ticket)).toBe(true);
    expect(classificationAllows({ customFields: [{ key: 'seats', anyOf: [25] }] }, ticket)).toBe(true);
    // A value typed into a form as text still finds a number or a checkbox.
    expect(classificationAllows({ customFields: [{ key: 'seats', anyOf: ['25'] }] }, ticket)).toBe(true);
    expect(classificationAllows({ customFields: [{ key: 'urgent_contract', anyOf: [true] }] }, ticket)).toBe(true);
    expect(classificationAllows({ customFields: [{ key: 'urgent_contract', anyOf: [false] }] }, ticket)).toBe(false);
    expect(classificationAllows({ customFields: [{ key: 'renewal_on', anyOf: ['2027-01-31'] }] }, ticket)).toBe(true);
  });

  it('matches a multi-select field when any of its values is listed', () => {
    expect(classificationAllows({ customFields: [{ key: 'products', anyOf: ['portal'] }] }, ticket)).toBe(true);
    expect(classificationAllows({ customFields: [{ key: 'products', anyOf: ['mobile'] }] }, ticket)).toBe(false);
    const none = { ...ticket, customFields: { products: [] } };
    expect(classificationAllows({ customFields: [{ key: 'products', anyOf: ['portal'] }] }, none)).toBe(false);
  });

  it('never matches a missing value, and needs every field condition to match', () => {
    expect(classificationAllows({ customFields: [{ key: 'region', anyOf: ['emea'] }] }, ticket)).toBe(false);
    expect(classificationAllows({ customFields: [{ key: 'plan', anyOf: ['gold'] }] }, {})).toBe(false);
    const nulled = { customFields: { plan: null } };
    expect(classificationAllows({ customFields: [{ key: 'plan', anyOf: ['gold'] }] }, nulled)).toBe(false);
    const both = [
      { key: 'plan', anyOf: ['gold'] },
      { key: 'seats', anyOf: [10] },
    ];
    expect(classificationAllows({ customFields: both }, ticket)).toBe(false);
    expect(classificationAllows({ customFields: both }, { customFields: { plan: 'gold', seats: 10 } })).toBe(true);
  });

  it('needs the category, the tags and the custom fields all to match when a rule sets them together', () => {
    const conditions = { categories: ['billing'], tags: ['vip'], customFields: [{ key: 'plan', anyOf: ['gold'] }] };
    expect(classificationAllows(conditions, ticket)).toBe(true);
    expect(classificationAllows(conditions, { ...ticket, tags: ['renewal'] })).toBe(false);
    expect(classificationAllows(conditions, { ...ticket, category: 'bug' })).toBe(false);
  });
});

describe('the classification conditions a manager writes', () => {
  it('accepts categories, tags and custom field values of every type', () => {
    expect(
      issues({
        categories: ['billing'],
        tags: ['vip', 'outage'],
        customFields: [
          { key: 'plan', anyOf: ['gold', 'platinum'] },
          { key: 'seats', anyOf: [10, 25] },
          { key: 'urgent_contract', anyOf: [true] },
        ],
      }),
    ).toEqual([]);
  });

  it('names the path of what it refuses', () => {
    expect(issues({ tags: ['vip', 'VIP '] })).toEqual([{ path: 'tags.1', message: 'repeats VIP' }]);
    expect(issues({ tags: ['a,b'] })).toEqual([{ path: 'tags.0', message: 'must not contain a comma' }]);
    expect(issues({ customFields: [{ key: 'Plan Name', anyOf: ['gold'] }] })).toEqual([
      {
        path: 'customFields.0.key',
        message: 'must be the key of a custom field: a lowercase slug such as plan or product_area',
      },
    ]);
    expect(issues({ customFields: [{ key: 'plan', anyOf: [] }] })).toEqual([
      { path: 'customFields.0.anyOf', message: 'must list at least one value the field may hold' },
    ]);
    expect(issues({ customFields: [{ key: 'plan', anyOf: ['gold', 'Gold'] }] })).toEqual([
      { path: 'customFields.0.anyOf.1', message: 'repeats Gold' },
    ]);
    expect(issues({ customFields: [{ key: 'plan', anyOf: [{ nested: true }] }] })).toEqual([
      { path: 'customFields.0.anyOf.0', message: 'must be text, a number or true/false' },
    ]);
    expect(
      issues({
        customFields: [
          { key: 'plan', anyOf: ['gold'] },
          { key: 'plan', anyOf: ['silver'] },
        ],
      }),
    ).toEqual([
      { path: 'customFields.1.key', message: 'repeats the field plan; list all its values in one condition' },
    ]);
    expect(issues({ customFields: [{ key: 'plan', anyOf: ['gold'], noneOf: ['x'] }] })[0]?.path).toBe('customFields.0');
  });
});
