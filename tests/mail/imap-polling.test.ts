import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMail } from '../../mail/import-mail.js';
import { importedKeyword, refusedKeyword } from '../../mail/imap-mailbox-sync.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createKeyedUser, requestJson } from '../support/fixtures.js';
import { renderFixture } from '../support/mail-fixtures.js';
import { createImapMailbox, mailsTo, threadingOf } from '../support/mail-stack.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
  stack = await startTestStack({
    mail: {
      allowHosts: [`${dovecot.host}:${dovecot.port}`, `${dovecot.host}:${dovecot.tlsPort}`],
      insecureTls: true,
      policy: { senderLimit: 3, senderWindowSeconds: 3600 },
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await dovecot?.stop();
});

const unique = () => randomUUID().slice(0, 8);
const importsOf = (mailboxId: number) => stack.db('mail_imports').where({ mailbox_id: mailboxId }).orderBy('id');
const flagsIn = async (user: string, password: string, folder: string) => {
  const client = await dovecot.client(user, password);
  try {
    const opened = await client.mailboxOpen(folder);
    const out: string[][] = [];
    if (opened.exists === 0) return out;
    for await (const m of client.fetch('1:*', { flags: true })) out.push([...(m.flags ?? [])].sort());
    return out;
  } catch {
    return [];
  } finally {
    await client.logout();
  }
};

describe('polling a mailbox over IMAP', () => {
  it('imports over TLS, flags what it took in, and never imports a message twice', async () => {
    const inbox = await createImapMailbox(stack, dovecot, { tls: true });
    const message = renderFixture('gmail-new', {
      from: `tls-${unique()}@customer.test`,
      to: inbox.address,
      subject: 'Over TLS',
      body: 'hello',
    });
    await inbox.deliver(message, message);
    await eventually(async () => expect(await flagsIn(inbox.address, inbox.password, 'INBOX')).toHaveLength(2));
    await eventually(
      async () =>
        expect(await flagsIn(inbox.address, inbox.password, 'INBOX')).toEqual([
          ['\\Seen', importedKeyword].sort(),
          ['\\Seen', importedKeyword].sort(),
        ]),
      30_000,
    );
    // The same message delivered twice is one import and one ticket.
    const rows = await importsOf(inbox.mailbox.id);
    expect(rows.map((r) => r.outcome)).toEqual(['ticket_created']);
    // The import activity moves the cursor only after it flagged the message (imap-mailbox-sync.ts).
    await eventually(async () => {
      const cursor = await stack.db('mailboxes').where({ id: inbox.mailbox.id }).first('imap_last_uid', 'last_error');
      expect({ ...cursor, imap_last_uid: Number(cursor.imap_last_uid) }).toEqual({
        imap_last_uid: 2,
        last_error: null,
      });
    });
  });

  it('starts over when the server renumbers the folder (UIDVALIDITY), importing nothing twice', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    const from = `renumber-${unique()}@customer.test`;
    await inbox.deliver(
      renderFixture('gmail-new', { from, to: inbox.address, subject: 'Before renumbering', body: 'x' }),
    );
    await eventually(async () => expect(await importsOf(inbox.mailbox.id)).toHaveLength(1));
    await eventually(
      async () =>
        expect(await flagsIn(inbox.address, inbox.password, 'INBOX')).toEqual([['\\Seen', importedKeyword].sort()]),
      30_000,
    );
    // The server loses our keywords and renumbers the folder, as after a restore or a migration.
    const client = await dovecot.client(inbox.address, inbox.password);
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove('1:*', [importedKeyword]);
    await client.logout();
    await promisify(execFile)('doveadm', [
      '-c',
      dovecot.configFile,
      'mailbox',
      'update',
      '-u',
      inbox.address,
      '--uid-validity',
      '4242',
      'INBOX',
    ]);
    await inbox.deliver(
      renderFixture('apple-new', { from, to: inbox.address, subject: 'After renumbering', body: 'y' }),
    );
    await eventually(async () => {
      expect((await importsOf(inbox.mailbox.id)).map((r) => r.subject)).toEqual([
        'Before renumbering',
        'After renumbering',
      ]);
      expect(
        Number(
          (await stack.db('mailboxes').where({ id: inbox.mailbox.id }).first('imap_uid_validity')).imap_uid_validity,
        ),
      ).toBe(4242);
      expect(await flagsIn(inbox.address, inbox.password, 'INBOX')).toEqual([
        ['\\Seen', importedKeyword].sort(),
        ['\\Seen', importedKeyword].sort(),
      ]);
    });
    const tickets = await stack
      .db('tickets as t')
      .join('users as u', 'u.id', 't.requester_id')
      .where('u.email', from)
      .pluck('t.title');
    expect(tickets.sort()).toEqual(['After renumbering', 'Before renumbering']);
  });

  it('moves or deletes imported mail when the mailbox says so', async () => {
    const moving = await createImapMailbox(stack, dovecot, { afterImport: 'move', afterImportFolder: 'Processed' });
    await moving.deliver(
      renderFixture('apple-new', {
        from: `m-${unique()}@customer.test`,
        to: moving.address,
        subject: 'Move me',
        body: 'x',
      }),
    );
    await eventually(
      async () => expect(await flagsIn(moving.address, moving.password, 'Processed')).toHaveLength(1),
      30_000,
    );
    expect(await flagsIn(moving.address, moving.password, 'INBOX')).toHaveLength(0);

    const deleting = await createImapMailbox(stack, dovecot, { afterImport: 'delete' });
    await deleting.deliver(
      renderFixture('outlook-new', {
        from: `d-${unique()}@customer.test`,
        to: deleting.address,
        subject: 'Delete me',
        body: 'x',
      }),
    );
    await eventually(
      async () => expect((await importsOf(deleting.mailbox.id)).map((r) => r.outcome)).toEqual(['ticket_created']),
      30_000,
    );
    await eventually(
      async () => expect(await flagsIn(deleting.address, deleting.password, 'INBOX')).toHaveLength(0),
      30_000,
    );
  });

  it('a process that died after the import committed but before the flag repeats nothing', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    // Stop its poller from running first: deactivate, import by hand as the activity would, then let it loose.
    await stack.db('mailboxes').where({ id: inbox.mailbox.id }).update({ active: false });
    await stack.mailboxes.mailboxChanged(inbox.mailbox.id);
    const message = renderFixture('thunderbird-new', {
      from: `crash-${unique()}@customer.test`,
      to: inbox.address,
      subject: 'Crash window',
      body: 'once',
    });
    await dovecot.append(inbox.address, inbox.password, 'INBOX', [message]);
    const mailbox = { ...inbox.mailbox, active: true };
    const first = await importMail(stack.mail.importer, mailbox, { raw: message, via: 'imap', imapUid: 1 });
    expect(first.outcome).toBe('ticket_created');
    // The "crash": the message is neither flagged nor past the cursor. The poller starts again.
    await stack.db('mailboxes').where({ id: inbox.mailbox.id }).update({ active: true });
    await stack.mailboxes.mailboxChanged(inbox.mailbox.id);
    await eventually(
      async () =>
        expect(await flagsIn(inbox.address, inbox.password, 'INBOX')).toEqual([['\\Seen', importedKeyword].sort()]),
      30_000,
    );
    expect(await stack.db('tickets').where({ id: first.ticketId! })).toHaveLength(1);
    expect((await importsOf(inbox.mailbox.id)).map((r) => r.outcome)).toEqual(['ticket_created']);
  });

  it('keeps a 20 MB attachment out of the ticket with the reason, keeps the original, and refuses mail over the mailbox limit without a bounce', async () => {
    const inbox = await createImapMailbox(stack, dovecot, { maxMessageBytes: 40 * 1024 * 1024 });
    const big = randomBytes(20 * 1024 * 1024)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const withBig = Buffer.from(
      renderFixture('gmail-new', {
        from: `big-${unique()}@customer.test`,
        to: inbox.address,
        subject: 'Huge log',
        body: 'see attached',
      })
        .toString('latin1')
        .replace(
          /--000000000000e5a7c2060f8e1f11--\r\n$/,
          `--000000000000e5a7c2060f8e1f11\r\nContent-Type: application/zip; name="logs.zip"\r\nContent-Disposition: attachment; filename="logs.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n--000000000000e5a7c2060f8e1f11--\r\n`,
        ),
      'latin1',
    );
    await inbox.deliver(withBig);
    const row = await eventually(async () => {
      const [r] = await importsOf(inbox.mailbox.id);
      expect(r?.outcome).toBe('ticket_created');
      return r;
    });
    expect(row.reason).toMatch(/logs\.zip is larger than 10 MB/);
    const files = await stack
      .db('attachments')
      .where({ ticket_id: row.ticket_id })
      .orderBy('id')
      .select('filename', 'size_bytes');
    expect(files.map((f) => f.filename)).toEqual(['screenshot.png', expect.stringMatching(/\.eml$/)]);
    expect(Number(files[1].size_bytes)).toBeGreaterThan(20 * 1024 * 1024);

    const small = await createImapMailbox(stack, dovecot, { maxMessageBytes: 1024 * 1024 });
    await small.deliver(withBig);
    const refused = await eventually(async () => {
      const [r] = await importsOf(small.mailbox.id);
      expect(r?.outcome).toBe('refused');
      return r;
    });
    expect(refused.reason).toMatch(/larger than this mailbox accepts .* no bounce sent/);
    await eventually(
      async () => expect(await flagsIn(small.address, small.password, 'INBOX')).toEqual([[refusedKeyword]]),
      30_000,
    );
    const hugeLogMails = () =>
      stack.capture.messages().filter((m) => m.subject.includes('Huge log') && m.to.some((t) => t.startsWith('big-')));
    // The acknowledgement of the first ticket is sent later by its workflow's "created" notification.
    await eventually(async () =>
      expect(hugeLogMails().some((m) => m.subject.includes('We received your request'))).toBe(true),
    );
    expect(hugeLogMails()).toHaveLength(1);
  });
});

describe('loops and abuse', () => {
  it('an out-of-office reply becomes an internal note: no reopening, nothing sent back', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    const customer = `ooo-${unique()}@customer.test`;
    await inbox.deliver(
      renderFixture('outlook-new', { from: customer, to: inbox.address, subject: 'Need help', body: 'please' }),
    );
    const ack = await eventually(async () => {
      const [m] = mailsTo(stack, customer);
      expect(m).toBeDefined();
      return threadingOf(m!);
    });
    const sentBefore = mailsTo(stack, customer).length;
    await inbox.deliver(
      renderFixture('outlook-out-of-office', {
        from: customer,
        to: ack.replyTo,
        subject: 'Need help',
        body: '',
        inReplyTo: ack.messageId,
      }),
    );
    const note = await eventually(async () => {
      const rows = await importsOf(inbox.mailbox.id);
      expect(rows.map((r) => r.outcome)).toEqual(['ticket_created', 'note_added']);
      return rows[1];
    });
    const message = await stack.db('ticket_messages').where({ id: note.ticket_message_id }).first();
    expect(message).toMatchObject({ internal: true });
    expect(message.body).toMatch(/^Automatic reply \(auto replied\)/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(stack, customer)).toHaveLength(sentBefore);
  });

  it('automatic mail that opens a ticket gets no acknowledgement (logged as suppressed)', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    const robot = `robot-${unique()}@customer.test`;
    await inbox.deliver(
      renderFixture('vacation-autoreply', { from: robot, to: inbox.address, subject: 'Monitoring alert', body: '' }),
    );
    const ticketId = await eventually(async () => {
      const [r] = await importsOf(inbox.mailbox.id);
      expect(r?.auto_generated).toBe(true);
      return r.ticket_id as number;
    });
    await eventually(async () => {
      const n = await stack
        .db('notifications')
        .where({ ticket_id: ticketId, kind: 'email', template: 'created' })
        .first();
      expect(n).toMatchObject({ status: 'suppressed', last_error: expect.stringMatching(/automatic mail/) });
    });
    expect(mailsTo(stack, robot)).toHaveLength(0);
  });

  it('a bounce suppresses mail to the address and tells the agents on the ticket', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    const agent = await createKeyedUser(stack.db, 'agent');
    const customer = `bouncy-${unique()}@customer.test`;
    await inbox.deliver(
      renderFixture('gmail-new', { from: customer, to: inbox.address, subject: 'Bouncing soon', body: 'hi' }),
    );
    const ack = await eventually(async () => threadingOf(mailsTo(stack, customer)[0]!));
    await inbox.deliver(
      renderFixture('postfix-bounce', {
        from: 'x',
        to: inbox.address,
        subject: 'Bouncing soon',
        body: '',
        failed: customer,
        originalId: ack.messageId,
      }),
    );
    const bounce = await eventually(async () => {
      const rows = await importsOf(inbox.mailbox.id);
      expect(rows[1]?.outcome).toBe('bounce_recorded');
      return rows[1];
    });
    const note = await stack.db('ticket_messages').where({ id: bounce.ticket_message_id }).first();
    expect(note).toMatchObject({ internal: true, body: expect.stringContaining(`Mail to ${customer} bounced: 5.1.1`) });
    await requestJson(`${stack.baseUrl}/api/tickets/${bounce.ticket_id}/messages`, {
      headers: agent.auth,
      body: { body: 'Are you there?' },
    });
    await eventually(async () => {
      const n = await stack
        .db('notifications')
        .where({ ticket_id: bounce.ticket_id, template: 'replied', kind: 'email', recipient: customer })
        .first();
      expect(n).toMatchObject({ status: 'suppressed', last_error: expect.stringMatching(/suppressed: bounce/) });
    });
    expect(mailsTo(stack, customer)).toHaveLength(1);
  });

  it('refuses mail past the per-sender limit and logs it', async () => {
    const inbox = await createImapMailbox(stack, dovecot);
    const flood = `flood-${unique()}@customer.test`;
    await inbox.deliver(
      ...[1, 2, 3, 4].map((n) =>
        renderFixture('gmail-new', { from: flood, to: inbox.address, subject: `Flood ${n}`, body: 'x' }),
      ),
    );
    await eventually(async () => {
      const rows = await importsOf(inbox.mailbox.id);
      expect(rows.map((r) => r.outcome)).toEqual(['ticket_created', 'ticket_created', 'ticket_created', 'refused']);
      expect(rows[3].reason).toMatch(/rate limited/);
    });
  });
});
