import { describe, expect, it } from 'vitest';
import { renderArticleMarkdown } from './kb-article-markdown.js';

describe('renderArticleMarkdown', () => {
  it('renders markdown with headings below the page title', () => {
    expect(renderArticleMarkdown('# Steps\n\n1. **Open** settings')).toBe(
      '<h2>Steps</h2>\n<ol>\n<li><strong>Open</strong> settings</li>\n</ol>\n',
    );
  });

  it('escapes raw HTML and refuses script links', () => {
    const html = renderArticleMarkdown('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>');
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('shows images from the article image store only; others become their alt text', () => {
    expect(renderArticleMarkdown('![The screen](/api/kb/images/12)')).toBe(
      '<p><img src="/api/kb/images/12" alt="The screen" loading="lazy"></p>\n',
    );
    expect(renderArticleMarkdown('![pixel](https://tracker.example/p.gif)')).toBe('<p>pixel</p>\n');
  });

  it('marks links out of the site nofollow and noreferrer, and keeps links within it as they are', () => {
    expect(renderArticleMarkdown('[docs](https://docs.example) [help](/help/articles/x)')).toBe(
      '<p><a href="https://docs.example" rel="nofollow noopener noreferrer">docs</a> <a href="/help/articles/x">help</a></p>\n',
    );
  });
});
