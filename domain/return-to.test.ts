import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-to.js';

const site = 'https://help.example.com';

// What a browser does with `Location: <path>` on a page of the site: where does it end up?
function landsOnSite(path: string): boolean {
  const target = new URL(path, `${site}/auth/callback`);
  return target.origin === site;
}

// Every way we know of to make a "relative path" leave the site, in one list.
const tricky = [
  '//evil.example/x',
  '///evil.example/x',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '/.//evil.example/x',
  '/./\\evil.example',
  '/%2e%2e//evil.example/x',
  '/%2E%2E//evil.example/x',
  '/%2e//evil.example/x',
  '/..//evil.example/x',
  '/a/../..//evil.example',
  '/%2f%2fevil.example',
  '/%2F/evil.example',
  '/%252f%252fevil.example',
  '/%5cevil.example',
  '/%5C%5Cevil.example',
  '/%255cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%0d%0aLocation:%20//evil.example',
  '/ /evil.example',
  '/\u2215evil.example',
  '/\u2215\u2215evil.example',
  '/\uFF0F\uFF0Fevil.example',
  '/\uFF3Cevil.example',
  '/%E2%88%95%E2%88%95evil.example',
  '/%EF%BC%8F%EF%BC%8Fevil.example',
  '/\u2044evil.example',
  'https://evil.example/',
  'http://evil.example',
  'HTTPS://evil.example',
  'https:evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example@help.example.com',
  'tickets',
  '',
  '/%',
  '/%zz',
  '\u0000/',
  '/\u0000/evil.example',
  '/\u00A0/evil.example',
  '/\u3000/evil.example',
];

describe('safeReturnPath', () => {
  it('keeps paths on this site with their query and fragment', () => {
    expect(safeReturnPath('/tickets/12?tab=sla#top')).toBe('/tickets/12?tab=sla#top');
    expect(safeReturnPath('/')).toBe('/');
    expect(safeReturnPath('/admin/resources/tickets?filters.status=open')).toBe(
      '/admin/resources/tickets?filters.status=open',
    );
    expect(safeReturnPath('/tickets?q=printer%20fire')).toBe('/tickets?q=printer%20fire');
    // Normalised the way the browser would: dot segments resolved, non-ASCII percent-encoded.
    expect(safeReturnPath('/a/./b/../c')).toBe('/a/c');
    expect(safeReturnPath('/café')).toBe('/caf%C3%A9');
  });

  it.each(tricky)('refuses %j', (input) => {
    expect(safeReturnPath(input)).toBeNull();
  });

  it('refuses what is not a string, and overly long paths', () => {
    for (const bad of [undefined, null, 42, ['/a'], { toString: () => '/a' }]) expect(safeReturnPath(bad)).toBeNull();
    expect(safeReturnPath(`/${'a'.repeat(2000)}`)).toBeNull();
  });

  // Slash-like pieces glued together at random are where open redirects hide.
  const piece = fc.constantFrom(
    '/',
    '\\',
    '.',
    '..',
    '%2e',
    '%2E',
    '%2f',
    '%2F',
    '%5c',
    '%5C',
    '%25',
    '%',
    '\t',
    '\n',
    '\r',
    ' ',
    '@',
    ':',
    '?',
    '#',
    '\u2215',
    '\uFF0F',
    '\uFF3C',
    'evil.example',
    'https:',
    'a',
  );
  const attempts = fc.oneof(
    fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
    fc.string(),
    fc.webUrl(),
  );

  it('whatever it is given, answers null or a path that stays on the site as a browser resolves it', () => {
    fc.assert(
      fc.property(attempts, (input) => {
        const path = safeReturnPath(input);
        if (path === null) return;
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//')).toBe(false);
        expect(path).not.toMatch(/[\\\u0000-\u001F\u007F]/);
        expect(landsOnSite(path)).toBe(true);
        // Also after any amount of percent-decoding by a later step (e.g. a client-side router).
        let decoded = path;
        for (let i = 0; i < 3; i++) {
          try {
            decoded = decodeURIComponent(decoded);
          } catch {
            break;
          }
          expect(decoded.startsWith('//')).toBe(false);
          expect(decoded).not.toContain('\\');
        }
        // Stable: checking the answer again gives the answer.
        expect(safeReturnPath(path)).toBe(path);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps ordinary paths exactly as given', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join('/')}`;
        expect(safeReturnPath(path)).toBe(path);
      }),
    );
  });
});
