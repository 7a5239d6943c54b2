import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecret } from '../../db/secret-box.js';
import { adminSession, type AdminSession } from '../admin/admin-session.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { findFreePort } from '../../dev/ports.js';
import { renderFixture } from '../support/mail-fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// An admin configures a mailbox in the back office against a real IMAP server, as a person would.
let stack: TestStack;
let dovecot: Dovecot;
let admin: AdminSession;
let manager: AdminSession;

beforeAll(async () => {
  dovecot = await startDovecot();
  stack = await startTestStack({ mail: { allowHosts: [`${dovecot.host}:${dovecot.port}`] } });
  [admin, manager] = await Promise.all([adminSession(stack, 'admin'), adminSession(stack, 'manager')]);
});
afterAll(async () => {
  await stack?.close();
  await dovecot?.stop();
});

const address = () => `desk-${Math.random().toString(36).slice(2, 8)}@acme.test`;

describe('mailboxes in the back office', () => {
  it('names each missing setting, stores the password encrypted and never shows it, shows the Inbound Parse URL, and the mailbox starts fetching', async () => {
    const refused = await admin.post('/api/resources/mailboxes/actions/new', {
      address: 'not an address',
      inbound_kind: 'imap',
    });
    expect(refused.body.record.errors).toMatchObject({
      address: { message: expect.stringMatching(/e-mail address/) },
      imap_host: { message: expect.stringMatching(/IMAP/) },
      imap_password: { message: expect.any(String) },
    });
    const mailAddress = address();
    const saved = await admin.post('/api/resources/mailboxes/actions/new', {
      address: mailAddress,
      display_name: 'Acme Desk',
      default_priority: 'high',
      inbound_kind: 'imap',
      imap_host: dovecot.host,
      imap_port: String(dovecot.port),
      imap_security: 'none',
      imap_user: mailAddress,
      imap_password: dovecot.password,
      imap_folder: 'INBOX',
      after_import: 'flag',
      poll_interval_seconds: '30',
      outbound_kind: 'sendgrid',
      active: 'true',
    });
    expect(saved.body.notice?.type).toBe('success');
    const id = saved.body.record.params.id as number;
    const row = await stack.db('mailboxes').where({ id }).first();
    expect(openSecret(stack.appSecretKey, row.imap_password_ciphertext)).toBe(dovecot.password);
    const shown = await admin.get(`/api/resources/mailboxes/records/${id}/show`);
    expect(JSON.stringify(shown.body)).not.toContain(dovecot.password);
    expect(JSON.stringify(shown.body)).not.toContain(row.imap_password_ciphertext);
    expect(shown.body.record.params.imap_password_last4).toBe(dovecot.password.slice(-4));
    expect(shown.body.record.params.inbound_parse_url).toBe(
      `${stack.baseUrl}/api/inbound/sendgrid/${row.inbound_token}`,
    );

    // Saving told the mailbox's workflow: mail delivered now becomes a ticket without anyone else acting.
    await dovecot.append(mailAddress, dovecot.password, 'INBOX', [
      renderFixture('gmail-new', {
        from: 'bo@customer.test',
        to: mailAddress,
        subject: 'Back office mailbox',
        body: 'hi',
      }),
    ]);
    await stack.mailboxes.mailboxChanged(id);
    await eventually(
      async () => expect(await stack.db('mail_imports').where({ mailbox_id: id })).toHaveLength(1),
      30_000,
    );
    const [imported] = await stack.db('mail_imports').where({ mailbox_id: id });
    const detail = await manager.get(`/api/resources/mail_imports/records/${imported.id}/show`);
    expect(detail.body.record.params.headers).toMatch(/^Message-ID: <.+>$/m);
    expect(detail.body.record.params.auth_summary).toMatch(/^spf=\w+ dkim=\w+ dmarc=\w+/);
    const audit = await stack.db('config_changes').where({ resource: 'mailboxes', record_id: String(id) });
    expect(JSON.stringify(audit)).not.toContain(dovecot.password);
  });

  it('"Test connection" says in words what is wrong: authentication, refused, DNS, private address, missing folder', async () => {
    const base = {
      inbound_kind: 'imap',
      imap_security: 'none',
      imap_folder: 'INBOX',
      after_import: 'flag',
      outbound_kind: 'sendgrid',
      active: 'false',
    };
    const make = async (fields: Record<string, string>) => {
      const a = address();
      const res = await admin.post('/api/resources/mailboxes/actions/new', {
        ...base,
        address: a,
        imap_user: a,
        imap_password: dovecot.password,
        imap_host: dovecot.host,
        imap_port: String(dovecot.port),
        ...fields,
      });
      expect(res.body.record.errors).toEqual({});
      const tested = await admin.post(
        `/api/resources/mailboxes/records/${res.body.record.params.id}/testConnection`,
        {},
      );
      return tested.body.notice as { message: string; type: string };
    };
    expect(await make({})).toMatchObject({
      type: 'success',
      message: expect.stringMatching(/IMAP: signed in as .*; folder "INBOX" has 0 message/),
    });
    expect(await make({ imap_password: 'wrong-password' })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/Authentication failed/),
    });
    const closed = await findFreePort();
    expect((await make({ imap_port: String(closed) })).message).toMatch(/private or local address|Connection refused/);
    expect((await make({ imap_host: 'no-such-host.invalid' })).message).toMatch(
      /DNS: the name no-such-host\.invalid does not resolve/,
    );
    expect((await make({ imap_folder: 'Nope' })).message).toMatch(/The folder "Nope" does not exist/);
    expect((await make({ after_import: 'move', after_import_folder: 'Archive' })).message).toMatch(
      /"Archive" that imported mail is moved to does not exist/,
    );
  });

  it('managers see mailboxes but may not change them or test them; agents see inbound mail', async () => {
    const list = await manager.get('/api/resources/mailboxes/actions/list');
    expect(list.status).toBe(200);
    const attempt = await manager.post('/api/resources/mailboxes/actions/new', {
      address: address(),
      inbound_kind: 'sendgrid',
    });
    expect(attempt.status).toBe(403);
    const agent = await adminSession(stack, 'agent');
    expect((await agent.get('/api/resources/mail_imports/actions/list')).status).toBe(200);
  });
});
