import { computed, reactive, watch } from 'vue';
import type { z } from 'zod';
import {
  customFieldValuesSchema,
  missingRequiredFields,
  type CustomFieldDefinition,
  type CustomFieldValue,
} from '../../../domain/custom-fields.js';
import type { CustomFieldsAudience } from '../api/custom-fields-api.js';
import { useCustomFieldsStore } from '../stores/custom-fields-store.js';

/** What a custom field's input holds while it is edited ('' for an empty text, number, date or select). */
export type CustomFieldDraft = string | number | boolean | string[];

/** The name a custom field has in the form's errors, as the server's 400 names it: `customFields.<key>`. */
export const customFieldName = (key: string) => `customFields.${key}`;

function emptyDraft(definition: CustomFieldDefinition): CustomFieldDraft {
  if (definition.type === 'checkbox') return false;
  if (definition.type === 'multi_select') return [];
  return '';
}

function isEmpty(draft: CustomFieldDraft | undefined): boolean {
  return (
    draft === undefined || (typeof draft === 'string' && draft.trim() === '') || (Array.isArray(draft) && !draft.length)
  );
}

/** The message of a required field left empty, as the server words it. */
export const requiredOnCreation = 'is required for a new ticket';

/**
 * The custom fields of a new-ticket form: their drafts, their names and labels for the error
 * summary, the values to send, and the client-side check with the domain's rules (the server's).
 * With no fields defined the form and its request stay as they were.
 */
export function useCustomFieldForm(audience: CustomFieldsAudience) {
  const store = useCustomFieldsStore();
  void store.ensureLoaded(audience);
  const definitions = computed(() => store.editable);
  const drafts = reactive<Record<string, CustomFieldDraft>>({});
  watch(
    definitions,
    (list) => {
      for (const definition of list) if (!(definition.key in drafts)) drafts[definition.key] = emptyDraft(definition);
    },
    { immediate: true },
  );

  const fields = computed(() => definitions.value.map((d) => customFieldName(d.key)));
  const labels = computed((): Record<string, string> =>
    Object.fromEntries(definitions.value.map((d) => [customFieldName(d.key), d.label])),
  );

  /** The values filled in, keyed by field (empty ones left out, as the customer left them). */
  function values(): Record<string, CustomFieldValue> {
    const filled: Record<string, CustomFieldValue> = {};
    for (const { key } of definitions.value) {
      const draft = drafts[key];
      if (draft !== undefined && !isEmpty(draft)) filled[key] = draft;
    }
    return filled;
  }

  /** The request's `customFields` part: absent when no custom field is offered. */
  function input(): { customFields?: Record<string, CustomFieldValue> } {
    return definitions.value.length > 0 ? { customFields: values() } : {};
  }

  /**
   * `base` plus the custom fields' rules: values checked against their definitions and the fields
   * required at creation filled in. It runs even when other fields are wrong, so one submit shows every problem.
   */
  function withCustomFields<S extends z.ZodType>(base: S): S {
    const list = definitions.value;
    if (list.length === 0) return base;
    const schema = customFieldValuesSchema(list, { audience: 'customer' });
    return base.superRefine(
      (_input, ctx) => {
        const current = values();
        const parsed = schema.safeParse(current);
        if (!parsed.success)
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: 'custom', path: ['customFields', ...issue.path], message: issue.message });
        for (const missing of missingRequiredFields(list, current, 'new'))
          ctx.addIssue({ code: 'custom', path: ['customFields', missing.key], message: requiredOnCreation });
      },
      { when: () => true },
    );
  }

  return { definitions, drafts, fields, labels, input, withCustomFields };
}
