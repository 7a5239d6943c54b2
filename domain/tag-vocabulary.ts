import type { FieldIssue } from './api-error.js';

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
