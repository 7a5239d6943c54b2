import { z } from 'zod';
import type { FieldIssue } from './api-error.js';
import { singleLineText } from './text-fields.js';

/** The tags staff may use: the managed list, and whether tags outside it are allowed too. */
export interface TagVocabulary {
  /** The tags managers defined, spelled as they defined them. */
  names: readonly string[];
  /** When false, only `names` may be put on tickets. */
  freeTagsAllowed: boolean;
}

/**
 * Checks tags against the vocabulary: a tag on the list (in any case) takes the list's spelling; one
 * off the list passes only while free tags are allowed. Answers the tags to store, or an issue per
 * refused tag at `path`.
 */
export function checkTags(
  tags: readonly string[],
  vocabulary: TagVocabulary,
  path = 'tags',
): { ok: true; tags: string[] } | { ok: false; issues: FieldIssue[] } {
  const byLower = new Map(vocabulary.names.map((n) => [n.toLowerCase(), n]));
  const issues: FieldIssue[] = [];
  const out: string[] = [];
  for (const tag of tags) {
    const known = byLower.get(tag.toLowerCase());
    if (known !== undefined) out.push(known);
    else if (vocabulary.freeTagsAllowed) out.push(tag);
    else issues.push({ path, message: `"${tag}" is not in the tag list (free tags are off)` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, tags: [...new Set(out)] };
}

/** A tag of the list as managers define it: a short name without commas (forms separate tags with them). */
export const tagDefinitionInput = z.object({
  name: singleLineText(50).refine((s) => !s.includes(','), 'must not contain commas (tags are separated by them)'),
  description: z
    .string()
    .trim()
    .max(500, 'must be at most 500 characters')
    .nullish()
    .transform((s) => (s ? s : null)),
});

/** A validated tag definition. */
export type TagDefinitionInput = z.output<typeof tagDefinitionInput>;
