import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

const site = 'https://help.example.com';

describe('safeReturnTo', () => {
  it('keeps relative paths on this site, with their query and fragment', () => {
    expect(safeReturnTo('/tickets/12?tab=sla#top', site)).toBe('/tickets/12?tab=sla#top');
    expect(safeReturnTo('/', site)).toBe('/');
  });

  it('sends everything that could leave the site to /', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'tickets', '/\t/evil.example', '', undefined, ['/a'], '/%0a/evil']) {
      const result = safeReturnTo(bad, site);
      expect(result.startsWith('/') && !result.startsWith('//'), String(bad)).toBe(true);
      expect(new URL(result, site).origin).toBe(site);
    }
    expect(safeReturnTo('//evil.example/x', site)).toBe('/');
    expect(safeReturnTo('https://evil.example/', site)).toBe('/');
  });
});
