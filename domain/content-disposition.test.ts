import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.js';

describe('contentDisposition', () => {
  it('keeps a plain name as it is', () => {
    expect(contentDisposition('attachment', 'report-2026.pdf')).toBe(
      `attachment; filename="report-2026.pdf"; filename*=UTF-8''report-2026.pdf`,
    );
  });

  it('cannot be broken out of by quotes, backslashes or line breaks in the name', () => {
    const header = contentDisposition('attachment', 'a".html"; x="\\\r\nSet-Cookie: y=1');
    expect(header).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)"/.exec(header)?.[1];
    expect(quoted).toBe('a_.html_; x=____Set-Cookie: y=1');
    expect(header.match(/"/g)).toHaveLength(2);
  });

  it('carries a non-ASCII name exactly in filename*', () => {
    const header = contentDisposition('inline', "Übersicht (final)'s.png");
    expect(header).toContain('filename="_bersicht (final)\'s.png"');
    const exact = header.split("UTF-8''")[1] ?? '';
    expect(decodeURIComponent(exact)).toBe("Übersicht (final)'s.png");
    expect(exact).not.toMatch(/[()' ]/);
  });
});
