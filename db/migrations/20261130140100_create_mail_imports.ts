import type { Knex } from 'knex';

// One row per inbound message a mailbox saw: the idempotency record of the import (mailbox +
// Message-ID, or a hash of the raw message when it has none) and the admin's log of what became
// of it (a ticket, a reply, a note, a bounce, or a refusal and why). Headers and authentication
// results are kept for agents.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_imports', (t) => {
    t.bigIncrements('id');
    t.integer('mailbox_id').notNullable().references('mailboxes.id').onDelete('CASCADE');
    t.text('dedupe_key').notNullable();
    t.text('message_id');
    t.text('via').notNullable().checkIn(['imap', 'sendgrid'], 'mail_imports_via_check');
    t.bigInteger('imap_uid');
    t.text('from_address');
    t.text('subject');
    t.integer('size_bytes').notNullable().defaultTo(0);
    t.text('outcome')
      .notNullable()
      .checkIn(
        ['ticket_created', 'reply_added', 'note_added', 'bounce_recorded', 'refused'],
        'mail_imports_outcome_check',
      );
    t.text('reason');
    t.boolean('auto_generated').notNullable().defaultTo(false);
    t.integer('ticket_id').references('tickets.id').onDelete('SET NULL').index();
    t.integer('ticket_message_id').references('ticket_messages.id').onDelete('SET NULL').index();
    t.integer('raw_attachment_id').references('attachments.id').onDelete('SET NULL').index();
    t.jsonb('headers').notNullable().defaultTo('[]');
    t.jsonb('auth_results').notNullable().defaultTo('{}');
    t.text('auth_summary');
    t.timestamp('effects_done_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['mailbox_id', 'dedupe_key'], { indexName: 'mail_imports_mailbox_dedupe_unique' });
    t.index(['from_address', 'created_at'], 'mail_imports_sender_recent');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_imports');
}
