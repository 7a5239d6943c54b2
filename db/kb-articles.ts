import type { Knex } from 'knex';
import { kbLanguages, type KbLanguage } from '../domain/kb-languages.js';
import type {
  KbArticle,
  KbArticleList,
  KbArticleSummary,
  KbSearchHit,
  KbSearchQuery,
  KbVisibility,
  ListKbArticlesQuery,
} from '../domain/kb-schemas.js';
import { anyWordPrefixQuery } from '../domain/kb-search-terms.js';
import { highlightedHtml, highlightStart, highlightStop } from '../domain/highlight-html.js';
import { slugify } from '../domain/kb-schemas.js';

/** Who is reading the help centre: what they may see depends on it. */
export type KbReader = { kind: 'anonymous' } | { kind: 'customer'; organizationId: number | null } | { kind: 'staff' };

/** Limits `q` (articles as `a`) to the published articles `reader` may read; drafts are for the back office only. */
export function whereReadable(q: Knex.QueryBuilder, reader: KbReader): void {
  void q.where('a.status', 'published');
  if (reader.kind === 'staff') return;
  void q.where((w) => {
    void w.where('a.visibility', 'everyone');
    if (reader.kind !== 'customer') return;
    void w.orWhere('a.visibility', 'signed_in');
    if (reader.organizationId !== null)
      void w.orWhere((o) =>
        o.where('a.visibility', 'organization').andWhere('a.organization_id', reader.organizationId),
      );
  });
}

const summaryColumns = [
  'a.id',
  'a.title',
  'a.slug',
  'a.tags',
  'a.language',
  'a.updated_at',
  'a.last_reviewed_at',
  'c.id as category_id',
  'c.name as category_name',
  'c.slug as category_slug',
];

function excerptOf(text: string): string {
  if (text.length <= 200) return text;
  const cut = text.slice(0, 200);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 120)).trimEnd()} …`;
}

/** A row of the article queries below (their SELECT is its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a hand-written SELECT's row, mapped field by field
type ArticleRow = Record<string, any>;

function toSummary(r: ArticleRow): KbArticleSummary {
  return {
    id: r.id,
    title: r.title,
    slug: r.slug,
    excerpt: excerptOf(r.excerpt_text ?? ''),
    category: r.category_id ? { id: r.category_id, name: r.category_name, slug: r.category_slug } : null,
    tags: r.tags,
    language: r.language,
    updatedAt: r.updated_at.toISOString(),
    lastReviewedAt: r.last_reviewed_at ? r.last_reviewed_at.toISOString() : null,
  };
}

function readable(db: Knex, reader: KbReader) {
  const q = db('kb_articles as a').leftJoin('kb_categories as c', 'c.id', 'a.category_id');
  whereReadable(q, reader);
  return q;
}

/** Published articles the reader may see, filtered; in a category by title, otherwise newest first. */
export async function listReadableArticles(
  db: Knex,
  reader: KbReader,
  query: ListKbArticlesQuery,
): Promise<KbArticleList> {
  const q = readable(db, reader);
  if (query.category) void q.where('c.slug', query.category);
  if (query.language) void q.where('a.language', query.language);
  if (query.tag) void q.whereRaw('? = any(a.tags)', [query.tag]);
  const counted = await q.clone().count({ total: '*' }).first();
  const rows = await q
    .select(...summaryColumns, db.raw('left(a.body_text, 240) as excerpt_text'))
    .orderBy(query.category ? [{ column: 'a.title' }] : [{ column: 'a.updated_at', order: 'desc' }])
    .orderBy('a.id')
    .limit(query.limit)
    .offset(query.offset);
  return { items: rows.map(toSummary), total: Number(counted?.total ?? 0), limit: query.limit, offset: query.offset };
}

/** A published article the reader may see, with its markdown; null otherwise (drafts too). */
export async function findReadableArticle(
  db: Knex,
  reader: KbReader,
  slug: string,
): Promise<Omit<KbArticle, 'bodyHtml'> | null> {
  const row = await readable(db, reader)
    .where('a.slug', slug)
    .first(...summaryColumns, 'a.body', 'a.published_at', db.raw('left(a.body_text, 240) as excerpt_text'));
  if (!row) return null;
  return { ...toSummary(row), body: row.body, publishedAt: row.published_at ? row.published_at.toISOString() : null };
}

const headlineMarks = `StartSel=${highlightStart}, StopSel=${highlightStop}`;

/**
 * Full-text search over the articles the reader may see, in each article's own language (stemmed,
 * accents folded): ranked by cover density with the title weighing ten times the body, the title and
 * two passages of the body highlighted. Highlighting runs on the best rows only, after ranking.
 */
export async function searchReadableArticles(db: Knex, reader: KbReader, query: KbSearchQuery): Promise<KbSearchHit[]> {
  const languages: readonly KbLanguage[] = query.language ? [query.language] : kbLanguages;
  const anyWord = query.match === 'any' ? anyWordPrefixQuery(query.q) : null;
  if (query.match === 'any' && anyWord === null) return [];
  // One query per language, parsed with that language's stemmer; each article meets its own.
  const parsed =
    query.match === 'any'
      ? db.raw('to_tsquery(kb_search_config(l.code), ?)', [anyWord])
      : db.raw('websearch_to_tsquery(kb_search_config(l.code), ?)', [query.q]);
  const ranked = readable(db, reader)
    .join(
      db.raw('(select l.code, ? as query from unnest(?::text[]) as l(code)) as q', [parsed, [...languages]]),
      'q.code',
      'a.language',
    )
    .whereRaw('a.search @@ q.query')
    .select(
      ...summaryColumns,
      'a.body_text',
      'q.query',
      db.raw("ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search, q.query, 1) as rank"),
    )
    .orderBy([{ column: 'rank', order: 'desc' }, { column: 'a.id' }])
    .limit(query.limit);
  if (query.category) void ranked.where('c.slug', query.category);
  const rows = await db
    .select(
      'r.*',
      db.raw(
        `ts_headline(kb_search_config(r.language), translate(r.title, chr(1) || chr(2), ''), r.query, ?) as title_headline`,
        [`HighlightAll=true, ${headlineMarks}`],
      ),
      db.raw(
        `ts_headline(kb_search_config(r.language), translate(r.body_text, chr(1) || chr(2), ''), r.query, ?) as body_headline`,
        [`MaxFragments=2, MaxWords=28, MinWords=10, FragmentDelimiter=" … ", ${headlineMarks}`],
      ),
      db.raw('left(r.body_text, 240) as excerpt_text'),
    )
    .from(ranked.as('r'))
    .orderBy([{ column: 'r.rank', order: 'desc' }, { column: 'r.id' }]);
  return rows.map((r) => ({
    ...toSummary(r),
    titleHtml: highlightedHtml(r.title_headline),
    snippetHtml: highlightedHtml(r.body_headline),
    rank: Number(r.rank),
  }));
}

/** Whether the reader may see an article (for its images); drafts count for staff, who preview them. */
export async function isArticleReadable(db: Knex, reader: KbReader, articleId: number): Promise<boolean> {
  if (reader.kind === 'staff') return Boolean(await db('kb_articles').where({ id: articleId }).first('id'));
  const q = db('kb_articles as a').where('a.id', articleId);
  whereReadable(q, reader);
  return Boolean(await q.first('a.id'));
}

/** A new article, as the demo seed and "turn a reply into an article" write it. */
export interface NewKbArticle {
  title: string;
  slug: string;
  body: string;
  language: KbLanguage;
  categoryId: number | null;
  tags?: string[];
  status: 'draft' | 'published';
  visibility: KbVisibility;
  organizationId?: number | null;
  authorId: number | null;
  sourceMessageId?: number | null;
}

/**
 * Inserts an article; a slug already taken gets a numeric suffix (`-2`, `-3`…), so drafts made
 * from replies never collide. Returns its id and final slug.
 */
export async function insertArticle(db: Knex, article: NewKbArticle): Promise<{ id: number; slug: string }> {
  const taken = new Set<string>(
    await db('kb_articles').where('slug', article.slug).orWhere('slug', 'like', `${article.slug}-%`).pluck('slug'),
  );
  let slug = article.slug;
  for (let n = 2; taken.has(slug); n++) slug = `${article.slug}-${n}`;
  const [row] = await db('kb_articles')
    .insert({
      title: article.title,
      slug,
      body: article.body,
      language: article.language,
      category_id: article.categoryId,
      tags: article.tags ?? [],
      status: article.status,
      visibility: article.visibility,
      organization_id: article.organizationId ?? null,
      author_id: article.authorId,
      source_message_id: article.sourceMessageId ?? null,
      published_at: article.status === 'published' ? db.fn.now() : null,
      last_reviewed_at: article.status === 'published' ? db.fn.now() : null,
    })
    .returning(['id', 'slug']);
  return { id: row.id, slug: row.slug };
}

/** Publishes or unpublishes an article; returns false when it does not exist. */
export async function setArticleStatus(db: Knex, id: number, status: 'draft' | 'published'): Promise<boolean> {
  const changed = await db('kb_articles')
    .where({ id })
    .update({
      status,
      updated_at: db.fn.now(),
      ...(status === 'published' ? { published_at: db.raw('coalesce(published_at, now())') } : {}),
    });
  return changed > 0;
}

/** Records that someone checked the article is still right, today. */
export async function markArticleReviewed(db: Knex, id: number): Promise<void> {
  await db('kb_articles').where({ id }).update({ last_reviewed_at: db.fn.now() });
}

/**
 * A draft article from a reply given once: the ticket's title and the message as its body, for
 * the agent to tidy (names, details) before publishing. Null when the message does not exist.
 */
export async function draftArticleFromMessage(
  db: Knex,
  messageId: number,
  authorId: number | null,
): Promise<{ id: number; slug: string; title: string } | null> {
  const source = await db('ticket_messages as m')
    .join('tickets as t', 't.id', 'm.ticket_id')
    .where('m.id', messageId)
    .first('m.body', 't.title');
  if (!source) return null;
  const title = String(source.title);
  const article = await insertArticle(db, {
    title,
    slug: slugify(title),
    body: String(source.body),
    language: 'en',
    categoryId: null,
    status: 'draft',
    visibility: 'everyone',
    authorId,
    sourceMessageId: messageId,
  });
  return { ...article, title };
}

/**
 * After the back office saved an article: the first publication is dated (and a draft has none),
 * and a new article belongs to whoever wrote it.
 */
export async function stampSavedArticle(db: Knex, id: number, editorId: number | null): Promise<void> {
  await db('kb_articles')
    .where({ id })
    .update({
      author_id: db.raw('coalesce(author_id, ?)', [editorId]),
      published_at: db.raw("case when status = 'published' then coalesce(published_at, now()) end"),
      updated_at: db.fn.now(),
    });
}
