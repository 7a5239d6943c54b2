import type { Knex } from 'knex';

// What customers did with the articles suggested while they wrote a new ticket: shown, opened,
// "this solved my problem". A form visit is one session (a random id from the browser); each
// article counts once per session and event type, however often it reappears while they type.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_deflection_events', (t) => {
    t.bigIncrements('id');
    t.uuid('session_id').notNullable();
    t.text('type').notNullable().checkIn(['shown', 'opened', 'solved'], 'kb_deflection_events_type_check');
    t.integer('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE').index();
    t.text('channel').notNullable().checkIn(['portal', 'guest'], 'kb_deflection_events_channel_check');
    t.integer('user_id').references('users.id').onDelete('SET NULL').index();
    // What the customer had typed when the article was shown (the ticket title so far).
    t.text('query');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now()).index();
    t.unique(['session_id', 'type', 'article_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kb_deflection_events');
}
