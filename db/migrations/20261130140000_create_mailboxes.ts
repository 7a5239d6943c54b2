import type { Knex } from 'knex';

// A support address: how its mail arrives (IMAP polling or SendGrid Inbound Parse), how replies
// leave (SendGrid or SMTP), and where new tickets go. Passwords are AES-256-GCM ciphertext
// (db/secret-box.ts) with their last four characters for display; the IMAP cursor
// (UIDVALIDITY + last UID) lives here so a restarted poller resumes where it stopped.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mailboxes', (t) => {
    t.increments('id');
    t.text('address').notNullable();
    t.text('display_name').notNullable().defaultTo('Support');
    t.integer('team_id').references('teams.id').onDelete('SET NULL').index();
    t.text('default_priority')
      .notNullable()
      .defaultTo('normal')
      .checkIn(['low', 'normal', 'high', 'urgent'], 'mailboxes_default_priority_check');
    t.text('inbound_kind')
      .notNullable()
      .defaultTo('sendgrid')
      .checkIn(['imap', 'sendgrid'], 'mailboxes_inbound_kind_check');
    t.text('imap_host');
    t.integer('imap_port');
    t.text('imap_security')
      .notNullable()
      .defaultTo('tls')
      .checkIn(['tls', 'starttls', 'none'], 'mailboxes_imap_security_check');
    t.text('imap_user');
    t.text('imap_password_ciphertext');
    t.text('imap_password_last4');
    t.text('imap_folder').notNullable().defaultTo('INBOX');
    t.text('after_import')
      .notNullable()
      .defaultTo('flag')
      .checkIn(['flag', 'move', 'delete'], 'mailboxes_after_import_check');
    t.text('after_import_folder');
    t.integer('poll_interval_seconds').notNullable().defaultTo(60);
    t.bigInteger('imap_uid_validity');
    t.bigInteger('imap_last_uid').notNullable().defaultTo(0);
    t.timestamp('last_polled_at', { useTz: true });
    t.text('last_error');
    t.text('inbound_token').notNullable().unique();
    t.text('inbound_basic_user');
    t.text('inbound_basic_password_ciphertext');
    t.text('inbound_basic_password_last4');
    t.text('outbound_kind')
      .notNullable()
      .defaultTo('sendgrid')
      .checkIn(['sendgrid', 'smtp'], 'mailboxes_outbound_kind_check');
    t.text('smtp_host');
    t.integer('smtp_port');
    t.text('smtp_security')
      .notNullable()
      .defaultTo('starttls')
      .checkIn(['tls', 'starttls', 'none'], 'mailboxes_smtp_security_check');
    t.text('smtp_user');
    t.text('smtp_password_ciphertext');
    t.text('smtp_password_last4');
    t.integer('max_message_bytes').notNullable().defaultTo(26_214_400);
    t.boolean('refuse_unauthenticated').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('settings_version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw('create unique index mailboxes_address_lower_unique on mailboxes (lower(address))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mailboxes');
}
