import type { Knex } from 'knex';
import type { KbLanguage } from '../domain/kb-languages.js';
import type { KbCategory } from '../domain/kb-schemas.js';
import { whereReadable, type KbReader } from './kb-articles.js';

/**
 * The help centre's categories in position order, each with how many published articles the reader
 * may see in it (in one language when given); categories with none of those are left out.
 */
export async function listReadableCategories(db: Knex, reader: KbReader, language?: KbLanguage): Promise<KbCategory[]> {
  const articles = db('kb_articles as a').select('a.id', 'a.category_id');
  whereReadable(articles, reader);
  if (language) void articles.where('a.language', language);
  const rows = await db('kb_categories as c')
    .join(articles.as('r'), 'r.category_id', 'c.id')
    .groupBy('c.id')
    .orderBy([{ column: 'c.position' }, { column: 'c.name' }])
    .select('c.id', 'c.name', 'c.slug', 'c.description', db.raw('count(r.id)::int as article_count'));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    articleCount: r.article_count,
  }));
}
