import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KbArticle, KbSearchHit } from '../../../domain/kb-schemas.js';
import { customer } from '../test-support/fixtures.js';
import { fakeServer, json } from '../test-support/fake-server.js';
import { mountPortal, settle } from '../test-support/mount-portal.js';

vi.mock('../api/browser-location.js', () => ({ leaveTo: vi.fn() }));

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hit(id: number, title: string): KbSearchHit {
  return {
    id,
    title,
    slug: `article-${id}`,
    excerpt: 'Excerpt',
    category: null,
    tags: [],
    language: 'en',
    updatedAt: '2026-03-01T10:00:00.000Z',
    lastReviewedAt: null,
    titleHtml: `<mark>${title}</mark>`,
    snippetHtml: 'Snippet',
    rank: 1,
  };
}
const article = (id: number): KbArticle => ({
  ...hit(id, `Article ${id}`),
  body: 'Turn it off and on',
  bodyHtml: '<p>Turn it <strong>off</strong> and on</p>',
  publishedAt: null,
});

function server(signedIn: boolean) {
  const s = fakeServer();
  s.on('GET', '/api/me', () => (signedIn ? json(200, customer) : json(401, { error: { code: 'unauthenticated' } })));
  s.on('GET', '/api/kb/search', () => json(200, { query: 'x', items: [hit(1, 'Printer offline'), hit(2, 'Toner')] }));
  s.on('GET', /^\/api\/kb\/articles\//, (r) => json(200, article(Number(r.path.split('-').pop()))));
  s.on('POST', '/api/kb/deflection-events', () => json(201, { recorded: 1 }));
  return s;
}

async function typeTitle(wrapper: Awaited<ReturnType<typeof mountPortal>>['wrapper'], text: string) {
  const title = wrapper.get('[data-testid="title"]');
  for (let i = 1; i <= text.length; i += 3) await title.setValue(text.slice(0, i));
  await title.setValue(text);
  await wait(450);
  await settle();
}

describe('suggested articles on the new-ticket forms', () => {
  afterEach(() => document.body.replaceChildren());

  it('searches once typing pauses, shows matches and records them as shown once', async () => {
    const s = server(true);
    const { wrapper } = await mountPortal('/tickets/new');
    await typeTitle(wrapper, 'My printer is offline');
    const searches = s.sent('GET', '/api/kb/search');
    expect(searches).toHaveLength(1);
    expect(Object.fromEntries(searches[0]!.query)).toEqual({ q: 'My printer is offline', match: 'any', limit: '3' });
    expect(wrapper.findAll('[data-testid="suggestion"]').map((li) => li.text())).toEqual(['Printer offline', 'Toner']);
    await typeTitle(wrapper, 'My printer is offline again');
    const shown = s.sent('POST', '/api/kb/deflection-events');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.body).toMatchObject({ type: 'shown', articleIds: [1, 2], channel: 'portal' });
    expect((shown[0]!.body as { sessionId: string }).sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
  });

  it('opens an article in place and records opened and solved, without creating a ticket', async () => {
    const s = server(false);
    const { wrapper } = await mountPortal('/guest/new');
    await typeTitle(wrapper, 'printer offline');
    const open = wrapper.get('[data-testid="suggestion-open"]');
    expect(open.attributes('aria-expanded')).toBe('false');
    await open.trigger('click');
    await settle();
    expect(open.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('[data-testid="suggestion-body"] .markdown').html()).toContain('<strong>off</strong>');
    await wrapper.get('[data-testid="suggestion-solved"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="deflection-solved"] h2').element).toBe(document.activeElement);
    const events = s.sent('POST', '/api/kb/deflection-events').map((r) => r.body as { type: string; channel: string });
    expect(events.map((e) => [e.type, e.channel])).toEqual([
      ['shown', 'guest'],
      ['opened', 'guest'],
      ['solved', 'guest'],
    ]);
    expect(s.sent('POST', '/api/guest/tickets')).toHaveLength(0);
  });

  it('stays out of the way for short titles and when the search fails', async () => {
    const s = server(true);
    s.on('GET', '/api/kb/search', () => json(503, { error: { code: 'unavailable', message: 'down' } }));
    const { wrapper } = await mountPortal('/tickets/new');
    await typeTitle(wrapper, 'abc');
    expect(s.sent('GET', '/api/kb/search')).toHaveLength(0);
    await typeTitle(wrapper, 'abcd printer');
    expect(s.sent('GET', '/api/kb/search')).toHaveLength(1);
    expect(wrapper.find('[data-testid="suggested-articles"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="new-ticket-form"]').exists()).toBe(true);
  });
});
