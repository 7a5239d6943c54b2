import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KbArticleSummary } from '../../../domain/kb-schemas.js';
import { fakeServer, json } from '../test-support/fake-server.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

const summary = (id: number, title: string): KbArticleSummary => ({
  id,
  title,
  slug: `a-${id}`,
  excerpt: `About ${title}`,
  category: { id: 1, name: 'Printing', slug: 'printing' },
  tags: [],
  language: 'en',
  updatedAt: '2026-03-01T10:00:00.000Z',
  lastReviewedAt: null,
});

function anonymous() {
  const s = fakeServer();
  s.on('GET', '/api/me', () => json(401, { error: { code: 'unauthenticated', message: 'Sign in' } }));
  s.on('GET', '/api/kb/categories', () =>
    json(200, { items: [{ id: 1, name: 'Printing', slug: 'printing', description: 'Paper jams', articleCount: 2 }] }),
  );
  s.on('GET', '/api/kb/articles', () =>
    json(200, { items: [summary(1, 'Blank pages'), summary(2, 'Jams')], total: 2, limit: 6, offset: 0 }),
  );
  return s;
}

describe('the help centre', () => {
  afterEach(() => {
    document.body.replaceChildren();
    localStorage.clear();
  });

  it('shows topics and recent articles to anyone, and remembers the chosen language', async () => {
    const s = anonymous();
    const { wrapper } = await mountPortal('/help');
    expect(wrapper.get('h1').text()).toBe('Help centre');
    expect(wrapper.get('[data-testid="help-categories"]').text()).toContain('Printing');
    expect(wrapper.get('[data-testid="help-categories"]').text()).toContain('2 articles');
    expect(wrapper.findAll('[data-testid="article-list"] li').map((li) => li.get('a').text())).toEqual([
      'Blank pages',
      'Jams',
    ]);
    await wrapper.get('[data-testid="help-language"]').setValue('de');
    await settle();
    expect(s.sent('GET', '/api/kb/categories').at(-1)?.query.get('language')).toBe('de');
    expect(s.sent('GET', '/api/kb/articles').at(-1)?.query.get('language')).toBe('de');
    expect(localStorage.getItem('ticketflow.help.language')).toBe('de');
  });

  it('searches through the URL and shows highlighted results, announcing how many', async () => {
    const s = anonymous();
    s.on('GET', '/api/kb/search', () =>
      json(200, {
        query: 'blank',
        items: [
          { ...summary(1, 'Blank pages'), titleHtml: '<mark>Blank</mark> pages', snippetHtml: 'a &lt;b&gt;', rank: 1 },
        ],
      }),
    );
    const { wrapper, router } = await mountPortal('/help');
    await wrapper.get('[data-testid="help-search"]').setValue('blank');
    await wrapper.get('[data-testid="help-search-form"]').trigger('submit');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/help/search?q=blank');
    expect(s.sent('GET', '/api/kb/search').at(-1)?.query.get('q')).toBe('blank');
    const result = wrapper.get('[data-testid="help-result"]');
    expect(result.get('mark').text()).toBe('Blank');
    expect(result.get('.snippet').text()).toBe('a <b>');
    expect(wrapper.get('[data-testid="announcer"]').text()).toBe('1 article found.');
  });

  it('shows an article rendered by the server, and says so when it is not available', async () => {
    const s = anonymous();
    s.on('GET', '/api/kb/articles/a-1', () =>
      json(200, {
        ...summary(1, 'Blank pages'),
        body: 'x',
        bodyHtml: '<h2>Steps</h2><p>Clean it</p>',
        publishedAt: null,
      }),
    );
    const { wrapper, router } = await mountPortal('/help/articles/a-1');
    expect(wrapper.get('h1').text()).toBe('Blank pages');
    expect(wrapper.get('[data-testid="kb-article-body"] h2').text()).toBe('Steps');
    expect(wrapper.get('.breadcrumb').text()).toContain('Printing');
    await router.push('/help/articles/missing');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Article not found');
    expect(wrapper.text()).toContain('signing in may show it');
  });
});
