import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertArticle, type NewKbArticle } from '../db/kb-articles.js';
import { defaultRateLimits } from '../server/security/rate-limits.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { newAccount, signIn, type SignedIn } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// The knowledge base's HTTP API: public reads that depend on who asks, article images through the
// attachment store, and the deflection events the new-ticket forms send. The database is the run's
// shared one: every article carries this file's own made-up word, so searches see only these.

let stack: TestStack;
let limited: TestStack;
let agent: SignedIn;
let acmeCustomer: KeyedUser;
let otherCustomer: KeyedUser;
const word = `zq${randomUUID().slice(0, 6)}`;
const ids: Record<string, number> = {};

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function article(name: string, overrides: Partial<NewKbArticle> = {}): Promise<void> {
  const { id } = await insertArticle(stack.db, {
    title: `${name} ${word}`,
    slug: `${name}-${word}`,
    body: `How to ${name}: step one, step two. ${word}`,
    language: 'en',
    categoryId: null,
    status: 'published',
    visibility: 'everyone',
    authorId: null,
    ...overrides,
  });
  ids[name] = id;
}

const get = (path: string, auth: Record<string, string> = {}) =>
  requestJson(`${stack.baseUrl}${path}`, { headers: auth });

beforeAll(async () => {
  [stack, limited] = await Promise.all([
    startTestStack(),
    startTestStack({
      tuning: { rateLimits: { ...defaultRateLimits, kbDeflection: { limit: 3, windowSeconds: 3600 } } },
    }),
  ]);
  const [acme] = await stack
    .db('organizations')
    .insert({ name: `Acme ${word}` })
    .returning('id');
  acmeCustomer = await createKeyedUser(stack.db, 'customer', { organizationId: acme.id });
  otherCustomer = await createKeyedUser(stack.db, 'customer');
  agent = await signIn(stack, newAccount(stack, 'agent'));
  await article('public');
  await article('members', { visibility: 'signed_in' });
  await article('acme', { visibility: 'organization', organizationId: acme.id });
  await article('draft', { status: 'draft' });
  await article('markup', { body: `# Steps\n\n<script>alert(1)</script> **bold** [x](javascript:alert(1)) ${word}` });
});
afterAll(() => Promise.all([stack?.close(), limited?.close()]));

const slugsOf = (body: { items: { slug: string }[] }) => body.items.map((i) => i.slug.replace(`-${word}`, '')).sort();

describe('reading the knowledge base', () => {
  it('answers anonymous callers with articles for everyone only, never drafts', async () => {
    const search = await get(`/api/kb/search?q=${word}`);
    expect(search.status).toBe(200);
    expect(slugsOf(search.body)).toEqual(['markup', 'public']);
    expect((await get(`/api/kb/articles/members-${word}`)).status).toBe(404);
    expect((await get(`/api/kb/articles/draft-${word}`)).status).toBe(404);
    const one = await get(`/api/kb/articles/public-${word}`);
    expect(one.body).toMatchObject({ title: `public ${word}`, language: 'en', category: null });
  });

  it('adds signed-in articles for customers, and organization articles for that organization only', async () => {
    expect(slugsOf((await get(`/api/kb/search?q=${word}&limit=20`, otherCustomer.auth)).body)).toEqual([
      'markup',
      'members',
      'public',
    ]);
    expect(slugsOf((await get(`/api/kb/search?q=${word}&limit=20`, acmeCustomer.auth)).body)).toEqual([
      'acme',
      'markup',
      'members',
      'public',
    ]);
    expect((await get(`/api/kb/articles/acme-${word}`, otherCustomer.auth)).status).toBe(404);
    expect((await get(`/api/kb/articles/acme-${word}`, acmeCustomer.auth)).status).toBe(200);
    expect((await get(`/api/kb/articles/draft-${word}`, acmeCustomer.auth)).status).toBe(404);
  });

  it('renders the body to safe HTML beside its markdown', async () => {
    const { body } = await get(`/api/kb/articles/markup-${word}`);
    expect(body.body).toContain('<script>alert(1)</script>');
    expect(body.bodyHtml).toContain('<h2>Steps</h2>');
    expect(body.bodyHtml).toContain('<strong>bold</strong>');
    expect(body.bodyHtml).toContain('&lt;script&gt;');
    expect(body.bodyHtml).not.toMatch(/<script|href="javascript:/);
  });

  it('refuses bad queries with a 400 naming the field', async () => {
    const missing = await get('/api/kb/search');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'q', message: 'is required' }]);
    const bad = await get('/api/kb/articles?limit=500&language=xx');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['language', 'limit']);
    expect((await get('/api/kb/articles/Not%20A%20Slug')).status).toBe(400);
  });
});

describe('article images', () => {
  const upload = (session: SignedIn, articleId: number, bytes: Buffer, name: string) =>
    session.csrfToken().then((token) => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(bytes)]), name);
      return session.browser.send(`${stack.baseUrl}/api/kb/articles/${articleId}/images`, {
        method: 'POST',
        headers: { 'x-csrf-token': token },
        multipart: form,
      });
    });

  it('lets staff upload an image into the attachment store and gives back the markdown that shows it', async () => {
    const res = await upload(agent, ids.public!, png, 'printer screen.png');
    expect(res.status).toBe(201);
    const image = JSON.parse(res.body);
    expect(image).toMatchObject({
      contentType: 'image/png',
      markdown: `![printer screen](/api/kb/images/${image.id})`,
    });
    const served = await fetch(`${stack.baseUrl}${image.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves images only to those who may read the article', async () => {
    const res = await upload(agent, ids.draft!, png, 'draft.png');
    const { url } = JSON.parse(res.body);
    expect((await fetch(`${stack.baseUrl}${url}`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}${url}`, { headers: acmeCustomer.auth })).status).toBe(404);
    expect((await agent.browser.send(`${stack.baseUrl}${url}`)).status).toBe(200);
  });

  it('refuses files that are not images, and customers', async () => {
    const text = await upload(agent, ids.public!, Buffer.from('just text'), 'notes.txt');
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body).error.message).toMatch(/not an image/);
    const customer = await signIn(stack, newAccount(stack, 'customer'));
    expect((await upload(customer, ids.public!, png, 'x.png')).status).toBe(403);
    expect((await upload(agent, 2_000_000_000, png, 'x.png')).status).toBe(404);
  });
});

describe('deflection events', () => {
  const post = (target: TestStack, body: unknown, headers: Record<string, string> = {}) =>
    requestJson(`${target.baseUrl}/api/kb/deflection-events`, { body, headers });

  it('records shown, opened and solved once per session and article, without creating a ticket', async () => {
    const sessionId = randomUUID();
    const tickets = Number((await stack.db('tickets').count({ n: '*' }).first())?.n);
    const shown = { sessionId, type: 'shown', articleIds: [ids.public, ids.markup], channel: 'guest', query: 'how to' };
    expect((await post(stack, shown)).body).toEqual({ recorded: 2 });
    expect((await post(stack, shown)).body).toEqual({ recorded: 0 });
    expect((await post(stack, { ...shown, type: 'opened', articleIds: [ids.public] })).status).toBe(201);
    expect((await post(stack, { ...shown, type: 'solved', articleIds: [ids.public] })).body).toEqual({ recorded: 1 });
    const rows = await stack.db('kb_deflection_events').where({ session_id: sessionId }).orderBy('id');
    expect(rows.map((r) => [r.type, r.article_id, r.channel, r.user_id])).toEqual([
      ['shown', ids.public, 'guest', null],
      ['shown', ids.markup, 'guest', null],
      ['opened', ids.public, 'guest', null],
      ['solved', ids.public, 'guest', null],
    ]);
    expect(Number((await stack.db('tickets').count({ n: '*' }).first())?.n)).toBe(tickets);
  });

  it('ignores articles the caller could not have been shown, and names bad fields', async () => {
    const sessionId = randomUUID();
    const hidden = { sessionId, type: 'shown', articleIds: [ids.draft, ids.acme], channel: 'portal' };
    expect((await post(stack, hidden)).body).toEqual({ recorded: 0 });
    expect((await post(stack, hidden, acmeCustomer.auth)).body).toEqual({ recorded: 1 });
    const bad = await post(stack, { sessionId: 'nope', type: 'liked', articleIds: [], channel: 'portal' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'articleIds',
      'sessionId',
      'type',
    ]);
  });

  it('is rate limited per address, as anyone may call it', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const body = { sessionId: randomUUID(), type: 'shown', articleIds: [ids.public], channel: 'guest' };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(limited, body, { 'x-forwarded-for': ip })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe('the server-rendered article page', () => {
  it('puts a public article into the portal page, escaped, and leaves other articles to the portal', async () => {
    const portalDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-shell-'));
    await writeFile(
      path.join(portalDir, 'index.html'),
      '<!doctype html><html><head><title>TicketFlow support</title></head><body><div id="app"></div></body></html>',
    );
    const withPortal = await startTestStack({ portalDir, worker: false });
    try {
      await article('dollars', { title: `Costs <b>$'</b> ${word}`, body: `Pay **$&** now. <img src=x> ${word}` });
      const page = await fetch(`${withPortal.baseUrl}/help/articles/dollars-${word}`, {
        headers: { accept: 'text/html' },
      });
      const html = await page.text();
      expect(html).toContain(`<title>Costs &lt;b&gt;$&#39;&lt;/b&gt; ${word} · TicketFlow support</title>`);
      expect(html).toContain(`<h1>Costs &lt;b&gt;$&#39;&lt;/b&gt; ${word}</h1>`);
      expect(html).toContain('<strong>$&amp;</strong> now. &lt;img src=x&gt;');
      const members = await fetch(`${withPortal.baseUrl}/help/articles/members-${word}`, {
        headers: { accept: 'text/html' },
      });
      expect(await members.text()).toContain('<div id="app"></div>');
    } finally {
      await withPortal.close();
      await rm(portalDir, { recursive: true, force: true });
    }
  });
});
