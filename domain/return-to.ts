// A base that only exists to resolve relative paths; the site's real origin never matters here,
// because the answer is a path that a browser resolves against whatever page it is on.
const probeBase = 'https://ticketflow.invalid';

// Characters that some browser, proxy or later decoding step may read as a path separator, plus
// every control and whitespace character (the URL parser silently drops tabs and newlines).
const slashLike = /[\\\u2044\u2215\u2216\u2571\u29F5\u29F8\u29F9\uFE68\uFF0F\uFF3C]/;
const controlOrSpace = /[\u0000-\u0020\u007F-\u009F\u00A0\u1680\u2000-\u200F\u2028-\u202F\u205F\u3000\uFEFF]/;
const control = /[\u0000-\u001F\u007F-\u009F]/;

// Percent-decoding applied until nothing changes (a bounded number of times), so `%252F` counts as `/`.
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

const leavesSite = (path: string) => !path.startsWith('/') || path.startsWith('//');

/**
 * The path to send someone back to after signing in, or null when `value` could lead anywhere but
 * this site. The check runs on the value a redirect would carry: `value` resolved the way the URL
 * parser (and so a browser) resolves it — dot segments such as `/.//x` or `/%2e%2e//x` removed —
 * and then checked again fully percent-decoded, so no decoding step can turn it into `//host`,
 * `/\host` or an absolute URL. Only a same-origin path starting with exactly one `/` is accepted.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || controlOrSpace.test(value) || slashLike.test(value)) return null;
  let resolved: URL;
  try {
    resolved = new URL(value, probeBase);
  } catch {
    return null;
  }
  if (resolved.origin !== probeBase) return null;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (leavesSite(path)) return null;
  const decoded = fullyDecoded(path);
  if (decoded === null || leavesSite(decoded) || control.test(decoded) || slashLike.test(decoded)) return null;
  // The same after a second pass through the parser: what the browser resolves is exactly this path.
  const again = new URL(path, probeBase);
  if (again.origin !== probeBase || `${again.pathname}${again.search}${again.hash}` !== path) return null;
  return path;
}
