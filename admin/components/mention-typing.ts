// Typing an `@mention` in a note: the handle being written just before the caret (the syntax of
// domain/mentions.ts), matched against the staff's handles and names; choosing one writes
// `@handle ` in its place.

/** A staff member a note may mention. */
export type Mentionable = { handle: string; name: string };

/** The `@partial` just before `caret`, when the caret is in one: where it starts and what is typed. */
export function mentionAt(text: string, caret: number): { start: number; typed: string } | null {
  const match = /(^|[\s([{"'<>,;!?*~])@([A-Za-z0-9._%+-]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, typed: match[2]!.toLowerCase() };
}

/** Up to `limit` staff whose handle starts with, or whose name contains, what is typed. */
export function matchMentionables(all: readonly Mentionable[], typed: string, limit = 8): Mentionable[] {
  const byHandle = all.filter((m) => m.handle.startsWith(typed));
  const byName = all.filter((m) => !m.handle.startsWith(typed) && m.name.toLowerCase().includes(typed));
  return [...byHandle, ...byName].slice(0, limit);
}

/** `text` with the mention being typed at `caret` replaced by `@handle` and a space, and where the caret goes next. */
export function insertMention(text: string, caret: number, handle: string): { text: string; caret: number } {
  const at = mentionAt(text, caret);
  if (!at) return { text, caret };
  const rest = text.slice(caret);
  // Followed by a space already: step over it rather than write a second one.
  const inserted = /^\s/.test(rest) ? `@${handle}` : `@${handle} `;
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + handle.length + 2 };
}
