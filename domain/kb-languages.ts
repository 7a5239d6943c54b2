/** The languages knowledge-base articles are written in; search stems and folds accents per language. */
export const kbLanguages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv'] as const;

/** A knowledge-base language, as an ISO 639-1 code. */
export type KbLanguage = (typeof kbLanguages)[number];

/** Each language by its own name, as a language picker shows it. */
export const kbLanguageNames: Record<KbLanguage, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  pt: 'Português',
  sv: 'Svenska',
};

/** True when `code` is a knowledge-base language. */
export function isKbLanguage(code: string): code is KbLanguage {
  return (kbLanguages as readonly string[]).includes(code);
}
