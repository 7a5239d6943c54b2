import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { findReadableArticle, listReadableArticles, searchReadableArticles } from '../../db/kb-articles.js';
import { listReadableCategories } from '../../db/kb-categories.js';
import { recordDeflectionEvents } from '../../db/kb-deflection-events.js';
import { kbLanguages } from '../../domain/kb-languages.js';
import {
  kbArticleListResponse,
  kbArticleResponse,
  kbCategoryListResponse,
  kbDeflectionEventInput,
  kbDeflectionEventResponse,
  kbSearchQuery,
  kbSearchResponse,
  kbSlugParam,
  listKbArticlesQuery,
} from '../../domain/kb-schemas.js';
import { findCaller } from '../auth/caller.js';
import { notFound } from '../http-error.js';
import { kbReaderOf } from '../kb/kb-reader.js';
import { renderArticleMarkdown } from '../../domain/kb-article-markdown.js';
import { parseInput } from './parse-input.js';
import { addRoute } from './route-registry.js';

const categoriesQuery = z.strictObject({
  language: z.enum(kbLanguages, { error: `must be one of ${kbLanguages.join(', ')}` }).optional(),
});

/**
 * The help centre's API: public (no sign-in needed), and what it shows depends on the caller: articles
 * for everyone, plus signed-in and own-organization articles for customers, every published one for staff.
 */
export function kbRouter(db: Db): Router {
  const router = Router();

  addRoute(
    router,
    {
      method: 'get',
      path: '/kb/articles',
      summary: 'Published knowledge-base articles the caller may read (no sign-in needed)',
      permission: null,
      query: listKbArticlesQuery,
      responses: { 200: { description: 'A page of articles', schema: kbArticleListResponse } },
    },
    async (req, res) => {
      const query = parseInput(listKbArticlesQuery, req.query, 'query');
      res.json(await listReadableArticles(db, kbReaderOf(findCaller(req)), query));
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/kb/articles/:slug',
      summary: 'One published article with its body as markdown and as safe HTML',
      permission: null,
      params: { slug: kbSlugParam },
      responses: { 200: { description: 'The article', schema: kbArticleResponse } },
    },
    async (req, res) => {
      const slug = parseInput(kbSlugParam, req.params.slug, 'path');
      const article = await findReadableArticle(db, kbReaderOf(findCaller(req)), slug);
      if (!article) throw notFound(`Article ${slug}`);
      res.json({ ...article, bodyHtml: renderArticleMarkdown(article.body) });
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/kb/categories',
      summary: 'Help-centre categories with the number of articles the caller may read in each',
      permission: null,
      query: categoriesQuery,
      responses: { 200: { description: 'Categories in display order', schema: kbCategoryListResponse } },
    },
    async (req, res) => {
      const { language } = parseInput(categoriesQuery, req.query, 'query');
      res.json({ items: await listReadableCategories(db, kbReaderOf(findCaller(req)), language) });
    },
  );

  addRoute(
    router,
    {
      method: 'get',
      path: '/kb/search',
      summary: 'Full-text search of the articles the caller may read, ranked, with matches highlighted',
      permission: null,
      query: kbSearchQuery,
      responses: { 200: { description: 'Matching articles, best first', schema: kbSearchResponse } },
    },
    async (req, res) => {
      const query = parseInput(kbSearchQuery, req.query, 'query');
      res.json({ query: query.q, items: await searchReadableArticles(db, kbReaderOf(findCaller(req)), query) });
    },
  );

  addRoute(
    router,
    {
      method: 'post',
      path: '/kb/deflection-events',
      summary: 'Record that suggested articles were shown, opened, or solved the problem (no ticket is created)',
      permission: null,
      body: kbDeflectionEventInput,
      responses: { 201: { description: 'How many events were new', schema: kbDeflectionEventResponse } },
    },
    async (req, res) => {
      const input = parseInput(kbDeflectionEventInput, req.body);
      const caller = findCaller(req);
      const recorded = await recordDeflectionEvents(db, kbReaderOf(caller), input, caller?.userId ?? null);
      res.status(201).json({ recorded });
    },
  );

  return router;
}
