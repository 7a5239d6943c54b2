/**
 * A `to_tsquery` expression matching any word of `text`, the last one also as a prefix (people are
 * still typing it): "printer prints bla" → "printer | prints | bla:*". Only letters and digits pass,
 * so nothing typed can become a query operator; null when no word is left.
 */
export function anyWordPrefixQuery(text: string): string | null {
  const words = (text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
  if (words.length === 0) return null;
  const last = words.length - 1;
  // A prefix of one or two letters matches half the dictionary: only longer ones become prefixes.
  return words.map((w, i) => (i === last && w.length >= 3 ? `${w}:*` : w)).join(' | ');
}
