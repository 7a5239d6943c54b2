/** Strips angle brackets and whitespace: Message-IDs are stored and compared bare. */
export function bareMessageId(value: string): string {
  return value.trim().replace(/^<|>$/g, '').trim();
}

/** Every `<id>` in a References/In-Reply-To header value (or bare ids when no brackets are used). */
export function messageIdList(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...joined.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length ? bracketed : joined.split(/[\s,]+/).filter((s) => s.includes('@'));
  return [...new Set(ids.map(bareMessageId).filter(Boolean))];
}

/** `<id>` for a header. */
export const angle = (id: string) => `<${bareMessageId(id)}>`;
