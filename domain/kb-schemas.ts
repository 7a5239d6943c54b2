import { z } from 'zod';
import { kbLanguages } from './kb-languages.js';
import { multiLineText, singleLineText } from './text-fields.js';

// The knowledge base's requests and responses, defined once: the server validates and documents
// with these, the portal and the back office use the inferred types.

/** Who may read a published article. */
export const kbVisibilities = ['everyone', 'signed_in', 'organization'] as const;

/** Who may read a published article: anyone, signed-in people, or one organization's customers (and staff). */
export type KbVisibility = (typeof kbVisibilities)[number];

/** An article is written as a draft and shows in the help centre once published. */
export const kbArticleStatuses = ['draft', 'published'] as const;

/** Whether an article shows in the help centre. */
export type KbArticleStatus = (typeof kbArticleStatuses)[number];

/** URL names of articles and categories: lower-case words joined by hyphens. */
export const kbSlug = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens, e.g. reset-password');

/** Turns a title into a slug ("Réinitialiser le mot de passe" → "reinitialiser-le-mot-de-passe"). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'article';
}

const language = z.enum(kbLanguages, { error: `must be one of ${kbLanguages.join(', ')}` });
const pageSize = (max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** `GET /api/kb/articles`: published articles the caller may read, newest first. */
export const listKbArticlesQuery = z.strictObject({
  category: kbSlug.optional(),
  language: language.optional(),
  tag: singleLineText(50).optional(),
  limit: pageSize(100, 20),
  offset: z.coerce.number({ error: 'must be a number' }).int().min(0, 'must be at least 0').max(10_000).default(0),
});

/** The filters of an article list. */
export type ListKbArticlesQuery = z.output<typeof listKbArticlesQuery>;

/** `GET /api/kb/search`: full-text search, best match first. */
export const kbSearchQuery = z.strictObject({
  q: singleLineText(200),
  language: language.optional(),
  category: kbSlug.optional(),
  // `all` (the help centre): every word must match, as a search engine does; `any` (suggestions
  // while typing a ticket title): any word, the last one as a prefix, best match first.
  match: z.enum(['all', 'any'], { error: 'must be all or any' }).default('all'),
  limit: pageSize(20, 10),
});

/** A knowledge-base search. */
export type KbSearchQuery = z.output<typeof kbSearchQuery>;

/** `GET /api/kb/articles/:slug`. */
export const kbSlugParam = kbSlug;

/** The events of a deflection session on the new-ticket forms. */
export const kbDeflectionEventTypes = ['shown', 'opened', 'solved'] as const;

/** `POST /api/kb/deflection-events`: what a customer did with suggested articles (no ticket is created). */
export const kbDeflectionEventInput = z.strictObject({
  sessionId: z.uuid({ error: 'must be a UUID the page made for this form visit' }),
  type: z.enum(kbDeflectionEventTypes, { error: `must be one of ${kbDeflectionEventTypes.join(', ')}` }),
  articleIds: z
    .array(z.number({ error: 'must be article ids' }).int().positive(), { error: 'must be a list of article ids' })
    .min(1, 'must name at least one article')
    .max(10, 'must name at most 10 articles'),
  channel: z.enum(['portal', 'guest'], { error: 'must be portal or guest' }),
  query: z.string().trim().max(200, 'must be at most 200 characters').optional(),
});

/** A recorded deflection event. */
export type KbDeflectionEventInput = z.output<typeof kbDeflectionEventInput>;

/** An article as the back office saves it (the form's fields, checked before the row is written). */
export const kbArticleInput = z
  .object({
    title: singleLineText(200),
    slug: kbSlug,
    body: multiLineText(100_000),
    language,
    tags: z.array(singleLineText(50)).max(20, 'must be at most 20 tags'),
    status: z.enum(kbArticleStatuses, { error: 'must be draft or published' }),
    visibility: z.enum(kbVisibilities, { error: `must be one of ${kbVisibilities.join(', ')}` }),
    organizationId: z.number().int().positive().nullable(),
  })
  .superRefine((article, ctx) => {
    if (article.visibility === 'organization' && article.organizationId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['organizationId'],
        message: 'must be chosen for a one-organization article',
      });
    if (article.visibility !== 'organization' && article.organizationId !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['organizationId'],
        message: 'must be empty unless the article is for one organization',
      });
  });

/** An article's fields as the back office saves them. */
export type KbArticleInput = z.output<typeof kbArticleInput>;

const isoDateTime = z.iso.datetime();
const categoryRef = z.object({ id: z.number().int(), name: z.string(), slug: z.string() });

/** A help-centre category with how many articles the caller may read in it. */
export const kbCategoryResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  articleCount: z.number().int(),
});

/** A help-centre category. */
export type KbCategory = z.infer<typeof kbCategoryResponse>;

/** An article in a list: no body, a plain-text excerpt. */
export const kbArticleSummaryResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  excerpt: z.string().describe('The start of the body as plain text'),
  category: categoryRef.nullable(),
  tags: z.array(z.string()),
  language: language,
  updatedAt: isoDateTime,
  lastReviewedAt: isoDateTime.nullable(),
});

/** An article in a list. */
export type KbArticleSummary = z.infer<typeof kbArticleSummaryResponse>;

/** `GET /api/kb/articles`. */
export const kbArticleListResponse = z.object({
  items: z.array(kbArticleSummaryResponse),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** A page of articles. */
export type KbArticleList = z.infer<typeof kbArticleListResponse>;

/** `GET /api/kb/articles/:slug`: the article with its markdown and the HTML it renders to. */
export const kbArticleResponse = kbArticleSummaryResponse.extend({
  body: z.string().describe('Markdown'),
  bodyHtml: z.string().describe('The body rendered to safe HTML (raw HTML escaped; images only from this site)'),
  publishedAt: isoDateTime.nullable(),
});

/** One article to read. */
export type KbArticle = z.infer<typeof kbArticleResponse>;

/** One search result: the summary with the matching words marked. */
export const kbSearchHitResponse = kbArticleSummaryResponse.extend({
  titleHtml: z.string().describe('The title, HTML-escaped, matches in <mark>'),
  snippetHtml: z.string().describe('Passages of the body around the matches, HTML-escaped, matches in <mark>'),
  rank: z.number(),
});

/** One search result. */
export type KbSearchHit = z.infer<typeof kbSearchHitResponse>;

/** `GET /api/kb/search`. */
export const kbSearchResponse = z.object({ query: z.string(), items: z.array(kbSearchHitResponse) });

/** Search results, best first. */
export type KbSearchResult = z.infer<typeof kbSearchResponse>;

/** `GET /api/kb/categories`. */
export const kbCategoryListResponse = z.object({ items: z.array(kbCategoryResponse) });

/** `POST /api/kb/deflection-events`: how many events were new (repeats in a session count once). */
export const kbDeflectionEventResponse = z.object({ recorded: z.number().int() });

/** `POST /api/kb/articles/:id/images`: the stored image and the markdown that shows it. */
export const kbImageResponse = z.object({
  id: z.number().int(),
  url: z.string(),
  filename: z.string(),
  contentType: z.string(),
  markdown: z.string().describe('Paste into the article body, e.g. ![screen](/api/kb/images/7)'),
});

/** An uploaded article image. */
export type KbImage = z.infer<typeof kbImageResponse>;
