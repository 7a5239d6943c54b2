import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CustomFieldDefinition } from '../../../domain/custom-fields.js';
import { listCustomFields, type CustomFieldsAudience } from '../api/custom-fields-api.js';

/**
 * The custom fields managers defined, as customers see them: loaded once per tab and shared by the
 * ticket forms and the ticket page. When they cannot be loaded the forms stay as they are without
 * them (the server still refuses a ticket missing a required one, and the form shows why).
 */
export const useCustomFieldsStore = defineStore('custom-fields', () => {
  const definitions = ref<CustomFieldDefinition[]>([]);
  const state = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  let loading: Promise<void> | null = null;
  let loadedFor: CustomFieldsAudience | null = null;

  /** The fields a customer fills in on a new ticket, in position order. */
  const editable = computed(() =>
    definitions.value.filter((d) => d.customerEditable).sort((a, b) => a.position - b.position),
  );
  /** The fields whose values a customer sees on a ticket, in position order. */
  const visible = computed(() =>
    definitions.value.filter((d) => d.customerVisible).sort((a, b) => a.position - b.position),
  );

  /**
   * Loads the definitions once (concurrent callers share the request; a failure is retried on the
   * next call). Guests and signed-in customers see the same fields, through different routes.
   */
  function ensureLoaded(audience: CustomFieldsAudience): Promise<void> {
    if (state.value === 'ready' && loadedFor === audience) return Promise.resolve();
    state.value = 'loading';
    loading ??= listCustomFields(audience)
      .then((items) => {
        definitions.value = items;
        loadedFor = audience;
        state.value = 'ready';
      })
      .catch(() => {
        state.value = 'error';
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  return { definitions, state, editable, visible, ensureLoaded };
});
