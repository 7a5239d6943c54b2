import { z } from 'zod';

// NUL and the other C0/C1 controls break Postgres text or terminals; lone surrogates
// are not valid Unicode and would be mangled on the way to e-mail and the browser.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The message for a missing or non-string text field. */
export const requiredString = (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : 'must be a string';

/** A single line of human text: trimmed, no control characters, bounded length. */
export function singleLineText(max: number) {
  return z
    .string({ error: requiredString })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line')
    .refine((s) => !controlCharacters.test(s), 'must not contain control characters')
    .refine((s) => !loneSurrogate.test(s), 'must be valid Unicode');
}

/** Multi-line human text (descriptions, replies): trimmed, no control characters but tabs and newlines. */
export function multiLineText(max: number) {
  return z
    .string({ error: requiredString })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !controlCharacters.test(s), 'must not contain control characters')
    .refine((s) => !loneSurrogate.test(s), 'must be valid Unicode');
}
