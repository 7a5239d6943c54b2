import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isKbLanguage, type KbLanguage } from '../../../domain/kb-languages.js';
import type { KbCategory } from '../../../domain/kb-schemas.js';
import { listKbCategories } from '../api/kb-api.js';

const languageKey = 'ticketflow.help.language';

function storedLanguage(): KbLanguage | '' {
  try {
    const value = localStorage.getItem(languageKey) ?? '';
    return isKbLanguage(value) ? value : '';
  } catch {
    return ''; // storage blocked: every language
  }
}

/** The help centre: its categories and the language the visitor reads in ('' for every language). */
export const useHelpStore = defineStore('help', () => {
  const language = ref<KbLanguage | ''>(storedLanguage());
  const categories = ref<KbCategory[]>([]);
  const state = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  let loadedFor: string | null = null;

  /** Loads the categories once per language. */
  async function loadCategories(): Promise<void> {
    if (loadedFor === language.value && state.value === 'ready') return;
    state.value = 'loading';
    try {
      categories.value = await listKbCategories(language.value || undefined);
      loadedFor = language.value;
      state.value = 'ready';
    } catch {
      state.value = 'error';
    }
  }

  /** Reads in `value` from now on (remembered in this browser). */
  function chooseLanguage(value: KbLanguage | '') {
    language.value = value;
    try {
      localStorage.setItem(languageKey, value);
    } catch {
      // not remembered; still applies to this visit
    }
  }

  return { language, categories, state, loadCategories, chooseLanguage };
});
