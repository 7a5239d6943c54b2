/** Marks the search engine puts around matches; control characters no stored text may contain. */
export const highlightStart = '\u0001';
/** Closes a match opened by `highlightStart`. */
export const highlightStop = '\u0002';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/**
 * Turns a headline with match marks into safe HTML: everything is escaped first, then only the marks
 * become `<mark>` elements, balanced even if a mark was cut off.
 */
export function highlightedHtml(headline: string): string {
  let open = false;
  let html = '';
  for (const part of escapeHtml(headline).split(/([\u0001\u0002])/)) {
    if (part === highlightStart) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === highlightStop) {
      if (open) html += '</mark>';
      open = false;
    } else html += part;
  }
  return open ? `${html}</mark>` : html;
}
