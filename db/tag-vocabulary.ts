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
