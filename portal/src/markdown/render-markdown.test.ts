import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    expect(renderMarkdown('**bold** and [docs](https://example.com/a)')).toContain('<strong>bold</strong>');
    expect(renderMarkdown('[docs](https://example.com/a)')).toContain(
      '<a href="https://example.com/a" rel="nofollow noopener noreferrer">docs</a>',
    );
  });

  it('escapes raw HTML instead of rendering it', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"> <script>alert(1)</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses links with dangerous schemes', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      expect(renderMarkdown(`[click](${href})`)).not.toContain('<a');
    }
    expect(renderMarkdown('[ok](mailto:help@example.com)')).toContain('href="mailto:help@example.com"');
  });

  it('does not load remote images', () => {
    expect(renderMarkdown('![pixel](https://tracker.example/p.gif)')).not.toContain('<img');
  });
});
