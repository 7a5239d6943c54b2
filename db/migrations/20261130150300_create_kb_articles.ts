import type { Knex } from 'knex';

const languages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv'];

// Knowledge-base articles: markdown written by staff, published to the help centre for everyone,
// for signed-in people, or for one organization's customers.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_articles', (t) => {
    t.increments('id');
    t.text('title').notNullable();
    t.text('slug').notNullable().unique();
    t.text('body').notNullable().defaultTo('');
    t.integer('category_id').references('kb_categories.id').onDelete('SET NULL').index();
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.text('status').notNullable().defaultTo('draft').checkIn(['draft', 'published'], 'kb_articles_status_check');
    t.text('visibility')
      .notNullable()
      .defaultTo('everyone')
      .checkIn(['everyone', 'signed_in', 'organization'], 'kb_articles_visibility_check');
    // RESTRICT: removing an organization must not silently delete or expose its private articles.
    t.integer('organization_id').references('organizations.id').onDelete('RESTRICT').index();
    t.text('language').notNullable().defaultTo('en').checkIn(languages, 'kb_articles_language_check');
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    // The reply an agent turned into this article, if any.
    t.integer('source_message_id').references('ticket_messages.id').onDelete('SET NULL').index();
    t.timestamp('published_at');
    t.timestamp('last_reviewed_at');
    t.timestamps(true, true);
    t.check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", [], 'kb_articles_slug_check');
    t.check("(visibility = 'organization') = (organization_id IS NOT NULL)", [], 'kb_articles_organization_check');
    t.index(['status', 'category_id']);
  });
  // The body as plain text, generated so no writer can forget it: what search snippets quote.
  await knex.raw(
    'ALTER TABLE kb_articles ADD COLUMN body_text text GENERATED ALWAYS AS (kb_markdown_text(body)) STORED',
  );
  // Title above tags above body (weights A, B, D), stemmed and accent-folded in the article's language.
  await knex.raw(`
    ALTER TABLE kb_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector(kb_search_config(language), title), 'A') ||
      setweight(to_tsvector(kb_search_config(language), kb_join_tags(tags)), 'B') ||
      setweight(to_tsvector(kb_search_config(language), kb_markdown_text(body)), 'D')
    ) STORED`);
  await knex.raw('CREATE INDEX kb_articles_search_idx ON kb_articles USING gin (search)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kb_articles');
}
