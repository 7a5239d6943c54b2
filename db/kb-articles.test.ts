import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '../tests/support/isolated-database.js';
import { createDb, type Db } from './connection.js';
import {
  findReadableArticle,
  insertArticle,
  listReadableArticles,
  searchReadableArticles,
  type KbReader,
  type NewKbArticle,
} from './kb-articles.js';
import { listReadableCategories } from './kb-categories.js';
import { kbSearchQuery } from '../domain/kb-schemas.js';

// Ranking, highlighting, languages and visibility of the knowledge-base search, on a real
// PostgreSQL with the migrations' text search configurations. A database of its own, so the
// articles other test files write never join the rankings.

let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let db: Db;
let acmeId: number;
let globexId: number;
let categoryId: number;

const anyone: KbReader = { kind: 'anonymous' };
const staff: KbReader = { kind: 'staff' };
const search = (reader: KbReader, input: Record<string, unknown>) =>
  searchReadableArticles(db, reader, kbSearchQuery.parse(input));
const titles = (hits: { title: string }[]) => hits.map((h) => h.title);

async function article(overrides: Partial<NewKbArticle> & { title: string; body: string }): Promise<number> {
  const { id } = await insertArticle(db, {
    slug:
      overrides.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'x',
    language: 'en',
    categoryId,
    status: 'published',
    visibility: 'everyone',
    authorId: null,
    ...overrides,
  });
  return id;
}

beforeAll(async () => {
  database = await createIsolatedDatabase();
  db = createDb(database.url, { poolMax: 2 });
  [acmeId, globexId] = (
    await db('organizations')
      .insert([{ name: 'Acme' }, { name: 'Globex' }])
      .returning('id')
  ).map((r) => r.id);
  [{ id: categoryId }] = await db('kb_categories').insert({ name: 'Printing', slug: 'printing' }).returning('id');
  await article({
    title: 'Printer prints blank pages',
    body: 'Check the toner cartridge and run the cleaning cycle from the printer menu.',
    tags: ['hardware'],
  });
  await article({
    title: 'Cleaning the office',
    body: 'Our printer is cleaned weekly. The printer room key is at reception. Printer paper is in the cupboard; printer cables too.',
  });
  await article({ title: 'Toner recycling', body: 'Printers take back empty toner; ask about the printer programme.' });
  await article({ title: 'Café Wi-Fi sign-in', body: 'The café network needs the guest voucher.', tags: ['network'] });
  await article({
    title: 'Drucker druckt leere Seiten',
    body: 'Prüfen Sie die Tonerkartusche und die Druckereinstellungen.',
    language: 'de',
  });
  await article({
    title: 'Acme printer fleet',
    body: 'Only for Acme: your printers are leased.',
    visibility: 'organization',
    organizationId: acmeId,
  });
  await article({
    title: 'Printer driver downloads',
    body: 'Signed-in customers get drivers.',
    visibility: 'signed_in',
  });
  await article({ title: 'Unreleased printer firmware', body: 'Draft notes about printer firmware.', status: 'draft' });
  await article({
    title: 'Escaping <b>markup</b>',
    body: 'A body with <script>alert(1)</script> and the word printer in it.',
  });
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('knowledge-base search ranking', () => {
  it('puts an article with the words in its title above one that only mentions them in the body, however often', async () => {
    const hits = await search(anyone, { q: 'printer' });
    expect(titles(hits).indexOf('Printer prints blank pages')).toBe(0);
    expect(titles(hits).indexOf('Printer prints blank pages')).toBeLessThan(
      titles(hits).indexOf('Cleaning the office'),
    );
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort((a, b) => b - a));
  });

  it('matches word forms through the stemmer (printers → printer, cleaning → clean)', async () => {
    expect(titles(await search(anyone, { q: 'printers cleaned' }))).toEqual(
      expect.arrayContaining(['Printer prints blank pages', 'Cleaning the office']),
    );
  });

  it('requires every word in the help centre, any word while a ticket title is typed', async () => {
    expect(titles(await search(anyone, { q: 'toner voucher' }))).toEqual([]);
    const typing = titles(await search(anyone, { q: 'toner vouch', match: 'any' }));
    expect(typing).toEqual(expect.arrayContaining(['Café Wi-Fi sign-in', 'Toner recycling']));
  });

  it('folds accents both ways and weighs tags between title and body', async () => {
    expect(titles(await search(anyone, { q: 'cafe' }))).toEqual(['Café Wi-Fi sign-in']);
    expect(titles(await search(anyone, { q: 'network' }))).toEqual(['Café Wi-Fi sign-in']);
  });

  it('searches German articles with the German stemmer and umlauts folded', async () => {
    expect(titles(await search(anyone, { q: 'Druckereinstellung prufen', language: 'de' }))).toEqual([
      'Drucker druckt leere Seiten',
    ]);
    expect(titles(await search(anyone, { q: 'leeren Seite' }))).toEqual(['Drucker druckt leere Seiten']);
  });

  it('highlights matches as <mark> in escaped HTML, never passing markup through', async () => {
    const [hit] = await search(anyone, { q: 'markup printer' });
    expect(hit?.titleHtml).toBe('Escaping &lt;b&gt;<mark>markup</mark>&lt;/b&gt;');
    expect(hit?.snippetHtml).toContain('&lt;script');
    expect(hit?.snippetHtml).not.toContain('<script');
    expect(hit?.snippetHtml).toContain('<mark>printer</mark>');
    expect(hit?.snippetHtml).not.toMatch(/<(?!\/?mark>)/);
    const [toner] = await search(anyone, { q: 'toner cartridge' });
    expect(toner?.snippetHtml).toContain('<mark>toner</mark> <mark>cartridge</mark>');
  });
});

describe('who sees which articles', () => {
  const seen = async (reader: KbReader) => titles(await search(reader, { q: 'printer', limit: 20 }));

  it('shows anonymous readers only articles for everyone, never drafts', async () => {
    expect(await seen(anyone)).not.toEqual(expect.arrayContaining([expect.stringMatching(/Acme|driver|Unreleased/)]));
    expect(await seen(anyone)).toContain('Printer prints blank pages');
  });

  it('adds signed-in articles for customers, and their own organization’s only', async () => {
    expect(await seen({ kind: 'customer', organizationId: globexId })).toContain('Printer driver downloads');
    expect(await seen({ kind: 'customer', organizationId: globexId })).not.toContain('Acme printer fleet');
    expect(await seen({ kind: 'customer', organizationId: acmeId })).toContain('Acme printer fleet');
  });

  it('shows staff every published article', async () => {
    expect(await seen(staff)).toEqual(expect.arrayContaining(['Acme printer fleet', 'Printer driver downloads']));
    expect(await seen(staff)).not.toContain('Unreleased printer firmware');
    expect(await findReadableArticle(db, staff, 'unreleased-printer-firmware')).toBeNull();
  });

  it('lists and counts per category only what the reader may see', async () => {
    const [anonymousCategory] = await listReadableCategories(db, anyone);
    const [acmeCategory] = await listReadableCategories(db, { kind: 'customer', organizationId: acmeId });
    expect(acmeCategory!.articleCount - anonymousCategory!.articleCount).toBe(2);
    const list = await listReadableArticles(db, anyone, { category: 'printing', limit: 100, offset: 0 });
    expect(list.total).toBe(anonymousCategory!.articleCount);
    expect(list.items.map((i) => i.title)).toEqual([...list.items.map((i) => i.title)].sort());
  });

  it('gives taken slugs a numeric suffix', async () => {
    const first = await insertArticle(db, {
      title: 'Same',
      slug: 'same-title',
      body: 'x',
      language: 'en',
      categoryId: null,
      status: 'draft',
      visibility: 'everyone',
      authorId: null,
    });
    const second = await insertArticle(db, {
      title: 'Same',
      slug: 'same-title',
      body: 'y',
      language: 'en',
      categoryId: null,
      status: 'draft',
      visibility: 'everyone',
      authorId: null,
    });
    expect([first.slug, second.slug]).toEqual(['same-title', 'same-title-2']);
  });
});
