import type { Knex } from 'knex';
import type { KbDeflectionEventInput } from '../domain/kb-schemas.js';
import { whereReadable, type KbReader } from './kb-articles.js';

/**
 * Records what a customer did with suggested articles, one row per article; an event already
 * recorded for the session and article is not counted twice. Articles the reader may not see are
 * ignored (nobody can be shown them). Returns how many rows were new.
 */
export async function recordDeflectionEvents(
  db: Knex,
  reader: KbReader,
  event: KbDeflectionEventInput,
  userId: number | null,
): Promise<number> {
  const visible = db('kb_articles as a').whereIn('a.id', event.articleIds);
  whereReadable(visible, reader);
  const ids: number[] = await visible.pluck('a.id');
  if (ids.length === 0) return 0;
  const inserted = await db('kb_deflection_events')
    .insert(
      ids.map((articleId) => ({
        session_id: event.sessionId,
        type: event.type,
        article_id: articleId,
        channel: event.channel,
        user_id: userId,
        query: event.query || null,
      })),
    )
    .onConflict(['session_id', 'type', 'article_id'])
    .ignore()
    .returning('id');
  return inserted.length;
}
