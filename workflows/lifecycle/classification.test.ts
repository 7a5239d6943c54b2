import { describe, expect, it } from 'vitest';
import { classificationReason } from './classification.js';

describe('classificationReason', () => {
  it('names what changed, as the audit trail shows it', () => {
    expect(classificationReason(['tags'])).toBe('tags changed');
    expect(classificationReason(['category'])).toBe('category changed');
    expect(classificationReason(['custom_fields'])).toBe('custom fields changed');
    expect(classificationReason(['custom_fields', 'category'])).toBe('category and custom fields changed');
    expect(classificationReason(['tags', 'custom_fields', 'category'])).toBe(
      'category, tags and custom fields changed',
    );
  });
});
