import type { Knex } from 'knex';
import type { TagVocabulary } from '../domain/tag-vocabulary.js';

/** The tag list and whether tags off it are allowed (the settings row; allowed when it is missing). */
export async function findTagVocabulary(db: Knex): Promise<TagVocabulary> {
  const [names, settings] = await Promise.all([
    db('tags').orderBy('name').pluck('name') as Promise<string[]>,
    db('ticket_settings').where({ id: 1 }).first('free_tags_allowed'),
  ]);
  return {
    names,
    freeTagsAllowed: (settings as { free_tags_allowed?: boolean } | undefined)?.free_tags_allowed ?? true,
  };
}

/** The id and spelling of the listed tag with this name in any case, or null. */
export async function findTagByName(db: Knex, name: string): Promise<{ id: number; name: string } | null> {
  const row = await db('tags').whereRaw('lower(name) = lower(?)', [name]).first('id', 'name');
  return (row as { id: number; name: string } | undefined) ?? null;
}
