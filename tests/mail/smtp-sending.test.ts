import { randomBytes, randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../dev/ports.js';
import { insertMailbox, type Mailbox } from '../../db/mailboxes.js';
import { sealSecret } from '../../db/secret-box.js';
import { eventually } from '../support/eventually.js';
import { createKeyedUser, requestJson } from '../support/fixtures.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// A mailbox that sends through its own SMTP server: a real SMTP listener (smtp-server) takes the
// mail, with the login the mailbox has, and the test reads what arrived as a mail client would.
let stack: TestStack;
let smtp: SMTPServer;
let port: number;
let mailbox: Mailbox;
const received: { from: string; to: string[]; mail: ParsedMail }[] = [];
const logins: string[] = [];

beforeAll(async () => {
  port = await findFreePort();
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.username === 'relay' && auth.password === 'relay-secret') return callback(null, { user: 'relay' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      void simpleParser(stream).then((mail) => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          mail,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  stack = await startTestStack({ mail: { allowHosts: [`127.0.0.1:${port}`] } });
  mailbox = await insertMailbox(stack.db, {
    address: `smtp-${randomUUID().slice(0, 8)}@acme.test`,
    displayName: 'Acme Help',
    teamId: null,
    inboundKind: 'sendgrid',
    inboundToken: randomBytes(24).toString('base64url'),
    smtp: {
      host: '127.0.0.1',
      port,
      security: 'none',
      user: 'relay',
      passwordSealed: sealSecret(stack.appSecretKey, 'relay-secret'),
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const mailsTo = (address: string) => received.filter((r) => r.to.includes(address));

describe('sending through a mailbox SMTP server', () => {
  it('the acknowledgement and the agent reply go out by SMTP, threaded for Outlook and Gmail alike', async () => {
    const customer = `smtp-customer-${randomUUID().slice(0, 6)}@customer.test`;
    const opening = `${randomUUID()}@customer.test`;
    const form = new FormData();
    form.append(
      'email',
      `From: Casey <${customer}>\r\nTo: ${mailbox.address}\r\nSubject: Printer jam\r\nMessage-ID: <${opening}>\r\n\r\nIt jams\r\n`,
    );
    const { ticketId } = await (
      await fetch(`${stack.baseUrl}/api/inbound/sendgrid/${mailbox.inboundToken}`, { method: 'POST', body: form })
    ).json();
    const number = (await stack.db('tickets').where({ id: ticketId }).first('number')).number as string;

    const ack = await eventually(async () => {
      expect(mailsTo(customer)).toHaveLength(1);
      return mailsTo(customer)[0]!.mail;
    });
    expect(logins).toContain('relay:relay-secret');
    expect(ack.from?.value[0]).toMatchObject({ name: 'Acme Help', address: mailbox.address });
    expect(ack.subject).toContain(`[${number}]`);
    expect(ack.inReplyTo).toBe(`<${opening}>`);
    expect(ack.references).toBe(`<${opening}>`);
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.replyTo?.value[0]?.address).toMatch(
      new RegExp(`^${mailbox.address.split('@')[0]}\\+t[0-9a-z]+-[0-9a-z]+-[0-9a-f]{20}@acme\\.test$`),
    );
    expect(ack.messageId).toMatch(/^<tf\.\d+\.[0-9a-f]{24}@acme\.test>$/);

    const agent = await createKeyedUser(stack.db, 'agent');
    await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'Open the back flap.' },
    });
    const reply = await eventually(async () => {
      expect(mailsTo(customer)).toHaveLength(2);
      return mailsTo(customer)[1]!.mail;
    });
    expect(reply.text).toContain('Open the back flap.');
    expect(reply.inReplyTo).toBe(ack.messageId);
    expect(reply.references).toEqual([`<${opening}>`, ack.messageId]);
    expect(reply.headers.get('auto-submitted')).toBe('auto-generated');
    expect(reply.messageId).not.toBe(ack.messageId);
    // Every Message-ID sent is on record for threading what comes back.
    const ids = await stack.db('mail_message_ids').where({ ticket_id: ticketId }).orderBy('id').pluck('message_id');
    expect(ids).toEqual([opening, ack.messageId!.slice(1, -1), reply.messageId!.slice(1, -1)]);
  });
});
