import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/connection.js';
import { findReadableArticle } from '../../db/kb-articles.js';
import { kbSlug } from '../../domain/kb-schemas.js';
import { escapeHtml } from '../../domain/highlight-html.js';
import { renderArticleMarkdown } from '../../domain/kb-article-markdown.js';

/**
 * `/help/articles/:slug` for public articles: the portal's page with the article already in it, so it
 * reads without JavaScript and search engines index it. The portal's script then takes the page over
 * (Vue replaces the contents of #app). Only articles for everyone are rendered here, as the page is the
 * same for every visitor; others get the plain portal page, which loads them with the visitor's session.
 */
export function helpArticlePage(db: Db, portalDir: string): RequestHandler {
  return async (req, res, next) => {
    const slug = kbSlug.safeParse(req.params.slug);
    if (!slug.success || !req.accepts('html')) return next();
    const article = await findReadableArticle(db, { kind: 'anonymous' }, slug.data);
    if (!article) return next();
    // Read each time, as the catch-all does: a rebuilt portal has new asset names.
    const shell = await readFile(path.join(portalDir, 'index.html'), 'utf8');
    // Replacement functions, not strings: `$&` or `$'` in an article must stay text, not patterns.
    const page = shell
      .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(article.title)} · TicketFlow support</title>`)
      .replace('</head>', () => `<meta name="description" content="${escapeHtml(article.excerpt)}" />\n</head>`)
      .replace(
        '<div id="app"></div>',
        () =>
          `<div id="app"><header class="bar"><a href="/" class="brand">TicketFlow <span class="brand-sub">support</span></a>` +
          `<nav aria-label="Main"><a href="/help">Help centre</a></nav></header>` +
          `<main id="main"><nav aria-label="Breadcrumb" class="breadcrumb"><a href="/help">Help centre</a>` +
          (article.category
            ? ` › <a href="/help/categories/${escapeHtml(article.category.slug)}">${escapeHtml(article.category.name)}</a>`
            : '') +
          `</nav><article class="kb-article" lang="${article.language}"><h1>${escapeHtml(article.title)}</h1>` +
          `<div class="markdown">${renderArticleMarkdown(article.body)}</div></article></main></div>`,
      );
    res.type('html').set('Cache-Control', 'no-cache').send(page);
  };
}
