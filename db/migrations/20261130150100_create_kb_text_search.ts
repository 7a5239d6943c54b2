import type { Knex } from 'knex';

// Full-text search for the knowledge base. One text search configuration per language: the language's stemmer and stop words,
// with accents folded first (`unaccent`), so "Passwörter" and "passworter" meet. Languages without a
// stemmer here use `simple_unaccent`. Frozen copy of domain/kb-languages.ts at the time of writing:
// a later language gets its own migration.
const stemmed: Record<string, string> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  it: 'italian',
  nl: 'dutch',
  pt: 'portuguese',
  sv: 'swedish',
};
const tokenTypes = 'asciiword, asciihword, hword_asciipart, word, hword, hword_part';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)');
  await knex.raw(
    `ALTER TEXT SEARCH CONFIGURATION simple_unaccent ALTER MAPPING FOR ${tokenTypes} WITH unaccent, simple`,
  );
  for (const name of Object.values(stemmed)) {
    await knex.raw(`CREATE TEXT SEARCH CONFIGURATION ${name}_unaccent (COPY = ${name})`);
    await knex.raw(
      `ALTER TEXT SEARCH CONFIGURATION ${name}_unaccent ALTER MAPPING FOR ${tokenTypes} WITH unaccent, ${name}_stem`,
    );
  }
  // IMMUTABLE so generated columns and indexes may call it: the mapping only changes by migration.
  const cases = Object.entries(stemmed)
    .map(([code, name]) => `WHEN '${code}' THEN 'public.${name}_unaccent'`)
    .join(' ');
  await knex.raw(`
    CREATE FUNCTION kb_search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE language ${cases} ELSE 'public.simple_unaccent' END)::regconfig $$`);
  // Tags joined for the search vector: array_to_string is only STABLE in general, but for text[] it
  // cannot change, and generated columns need IMMUTABLE.
  await knex.raw(`
    CREATE FUNCTION kb_join_tags(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$`);
  // Markdown as plain text (images and links by their text, markdown marks dropped): what search
  // indexes and snippets quote.
  await knex.raw(String.raw`
    CREATE FUNCTION kb_markdown_text(markdown text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT btrim(regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(markdown, '!\[([^\]]*)\]\([^)]*\)', '\1', 'g'),
            '\[([^\]]*)\]\([^)]*\)', '\1', 'g'),
          '[#>*_${'`'}~|]+', ' ', 'g'),
        '\s+', ' ', 'g'))
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS kb_markdown_text(text)');
  await knex.raw('DROP FUNCTION IF EXISTS kb_join_tags(text[])');
  await knex.raw('DROP FUNCTION IF EXISTS kb_search_config(text)');
  for (const name of Object.values(stemmed))
    await knex.raw(`DROP TEXT SEARCH CONFIGURATION IF EXISTS ${name}_unaccent`);
  await knex.raw('DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent');
}
