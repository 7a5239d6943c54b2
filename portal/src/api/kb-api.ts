import type { KbLanguage } from '../../../domain/kb-languages.js';
import type {
  KbArticle,
  KbArticleList,
  KbCategory,
  KbDeflectionEventInput,
  KbSearchResult,
} from '../../../domain/kb-schemas.js';
import { apiRequest } from './http-client.js';

/** The help centre's categories with how many articles the visitor may read in each. */
export async function listKbCategories(language?: KbLanguage, signal?: AbortSignal): Promise<KbCategory[]> {
  const body = await apiRequest<{ items: KbCategory[] }>('GET', '/api/kb/categories', { query: { language }, signal });
  return body.items;
}

/** Articles, in a category or across the help centre. */
export function listKbArticles(
  filters: { category?: string; language?: KbLanguage; limit?: number },
  signal?: AbortSignal,
): Promise<KbArticleList> {
  return apiRequest('GET', '/api/kb/articles', { query: filters, signal });
}

/** One article, its body rendered to safe HTML by the server. */
export function getKbArticle(slug: string, signal?: AbortSignal): Promise<KbArticle> {
  return apiRequest('GET', `/api/kb/articles/${encodeURIComponent(slug)}`, { signal });
}

/** Full-text search: `all` words for the help centre, `any` word while a ticket title is typed. */
export function searchKb(
  request: { q: string; language?: KbLanguage; match?: 'all' | 'any'; limit?: number },
  signal?: AbortSignal,
): Promise<KbSearchResult> {
  return apiRequest('GET', '/api/kb/search', { query: request, signal });
}

/** Records what a customer did with suggested articles. */
export function recordDeflectionEvent(event: KbDeflectionEventInput): Promise<{ recorded: number }> {
  return apiRequest('POST', '/api/kb/deflection-events', { json: event });
}
