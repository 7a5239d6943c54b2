/**
 * Mentions in internal notes: `@` followed by the part of a staff member's e-mail address before
 * its `@` (`@alice` for alice@example.com), in any case. One syntax, read the same way by the
 * note command, the e-mail and the back office: staff know each other's addresses, and an address's
 * local part has no spaces, so where a mention ends is never in doubt.
 */

/** One mention in a text: the handle (lower-cased, without `@`) and where `@handle` stands. */
export interface MentionSpan {
  handle: string;
  start: number;
  end: number;
}

// A handle starts the way e-mail local parts do in practice (not with a dot or a sign).
const handleStart = /^[A-Za-z0-9_]/;
// Before the `@`: start of text, a space or punctuation that opens or separates words. A letter,
// digit or address character means an e-mail address (`bob@example.com`); `/` a URL path
// (`https://host/@bob`); backslash an escaped `\@bob`.
const opener = /[\s([{"'<>,;!?*~]/;
// The characters of an e-mail local part people actually use; a handle may hold dots inside it.
const mention = /@([A-Za-z0-9._%+-]+)/g;

/**
 * Where code runs (`` `inline` `` and fenced ``` blocks): mentions in code are text, not people. An
 * unclosed backtick is literal, as markdown reads it.
 */
function codeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const code = /(`{3,})[\s\S]*?(?:\1|$)|(`+)[^`]*?\2/g;
  for (const match of text.matchAll(code)) ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

/** Every mention in `text`, in order (a handle may appear more than once). */
export function findMentionSpans(text: string): MentionSpan[] {
  const inCode = codeRanges(text);
  const spans: MentionSpan[] = [];
  for (const match of text.matchAll(mention)) {
    const start = match.index;
    const before = start === 0 ? '' : text[start - 1]!;
    if (before !== '' && !opener.test(before)) continue;
    // A sentence may end right after a mention: "ask @bob." names bob. A local part never ends in a dot.
    const handle = match[1]!.replace(/\.+$/, '');
    // `@bob@example.com` is an address written with an extra `@`, not a mention.
    if (text[start + 1 + match[1]!.length] === '@') continue;
    if (!handleStart.test(handle)) continue;
    if (inCode.some(([from, to]) => start >= from && start < to)) continue;
    spans.push({ handle: handle.toLowerCase(), start, end: start + 1 + handle.length });
  }
  return spans;
}

/** The distinct handles a note mentions (lower-cased, first mention first). */
export function mentionedHandles(text: string): string[] {
  return [...new Set(findMentionSpans(text).map((span) => span.handle))];
}

/** The handle that mentions the owner of `email`: its part before the last `@`, lower-cased. */
export function mentionHandleOf(email: string): string {
  const at = email.lastIndexOf('@');
  return (at < 0 ? email : email.slice(0, at)).trim().toLowerCase();
}

/** A note shortened for a notification: one line, at most `max` characters, cut at a word. */
export function noteExcerpt(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
