import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMailbox, type Mailbox } from '../../db/mailboxes.js';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import { renderFixture } from '../support/mail-fixtures.js';
import { testMailDomain } from '../support/test-dns.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// SendGrid Inbound Parse, posted over HTTP in the multipart shape SendGrid really sends.
let stack: TestStack;
let mailbox: Mailbox;
const signer = testMailDomain('customer.test');

beforeAll(async () => {
  stack = await startTestStack({ mail: { dnsResolver: signer.resolver } });
  mailbox = await insertMailbox(stack.db, {
    address: `help-${randomUUID().slice(0, 8)}@acme.test`,
    teamId: null,
    inboundKind: 'sendgrid',
    inboundToken: randomBytes(24).toString('base64url'),
  });
});
afterAll(async () => stack?.close());

const url = (token = mailbox.inboundToken) => `${stack.baseUrl}/api/inbound/sendgrid/${token}`;

/** multipart/form-data as SendGrid writes it: text fields as raw bytes in the message's charset. */
class RawForm {
  readonly boundary = `xYzZY${randomBytes(8).toString('hex')}`;
  private parts: Buffer[] = [];
  append(name: string, value: string | Blob | Buffer, filename?: string, type = 'application/octet-stream') {
    const head = (extra: string) =>
      Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`);
    if (Buffer.isBuffer(value) && filename)
      this.parts.push(head(`; filename="${filename}"\r\nContent-Type: ${type}`), value, Buffer.from('\r\n'));
    else this.parts.push(head(''), Buffer.isBuffer(value) ? value : Buffer.from(String(value)), Buffer.from('\r\n'));
  }
  body() {
    return Buffer.concat([...this.parts, Buffer.from(`--${this.boundary}--\r\n`)]);
  }
}

/** The parsed variant: SendGrid's field names, text in the message's charset (named in `charsets`). */
function parsedPost(o: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  charset?: string;
  attachment?: Buffer;
}) {
  const form = new RawForm();
  const charset = o.charset ?? 'UTF-8';
  const headers = `Received: from mail.customer.test (mail.customer.test [203.0.113.5]) by mx.sendgrid.net with ESMTP\nMIME-Version: 1.0\nFrom: ${o.from}\nDate: Mon, 30 Nov 2026 09:14:00 +0000\nMessage-ID: <${o.messageId}>\nSubject: ${o.subject}\nTo: ${mailbox.address}\nContent-Type: multipart/mixed; boundary="000000000000abcdef"\n`;
  form.append('headers', headers);
  form.append('dkim', '{@customer.test : pass}');
  form.append('content-ids', '{}');
  form.append('to', mailbox.address);
  form.append('from', o.from);
  form.append('text', Buffer.from(o.text, charset === 'UTF-8' ? 'utf8' : 'latin1'));
  form.append('sender_ip', '203.0.113.5');
  form.append('spam_report', 'Spam detection software, running on the system "mx.sendgrid.net"...');
  form.append('envelope', JSON.stringify({ to: [mailbox.address], from: o.from.replace(/.*</, '').replace('>', '') }));
  form.append('attachments', o.attachment ? '1' : '0');
  form.append('subject', o.subject);
  form.append('spam_score', '0.1');
  form.append('charsets', JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: charset }));
  form.append('SPF', 'pass');
  if (o.attachment) {
    form.append(
      'attachment-info',
      JSON.stringify({ attachment1: { filename: 'report.pdf', name: 'report.pdf', type: 'application/pdf' } }),
    );
    form.append('attachment1', o.attachment, 'report.pdf', 'application/pdf');
  }
  return form;
}

const post = (form: RawForm, headers: Record<string, string> = {}, token?: string) =>
  fetch(url(token), {
    method: 'POST',
    body: form.body(),
    headers: { 'content-type': `multipart/form-data; boundary=${form.boundary}`, ...headers },
  });

describe('SendGrid Inbound Parse', () => {
  it('turns the parsed variant into a ticket, decoding the charset SendGrid names, with the attachment', async () => {
    const id = `${randomUUID()}@customer.test`;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200), Buffer.from('\n%%EOF\n')]);
    const res = await post(
      parsedPost({
        from: 'Jürgen <j-sg@customer.test>',
        subject: 'Drucker kaputt',
        text: 'Grüße aus München',
        messageId: id,
        charset: 'iso-8859-1',
        attachment: pdf,
      }),
    );
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result).toMatchObject({ outcome: 'ticket_created', duplicate: false });
    const ticket = await stack.db('tickets').where({ id: result.ticketId }).first();
    expect(ticket).toMatchObject({ channel: 'email', title: 'Drucker kaputt' });
    expect(ticket.description).toContain('Grüße aus München');
    const files = await stack.db('attachments').where({ ticket_id: result.ticketId }).orderBy('id').pluck('filename');
    expect(files).toEqual(['report.pdf', expect.stringMatching(/^original-message-.*\.eml$/)]);
    const log = await stack.db('mail_imports').where({ ticket_id: result.ticketId }).first();
    expect(log.auth_summary).toMatch(/spf=pass dkim=pass/);
  });

  it('SendGrid retrying the same post never makes a second ticket', async () => {
    const id = `${randomUUID()}@customer.test`;
    const make = () => parsedPost({ from: 'retry@customer.test', subject: 'Retry me', text: 'once', messageId: id });
    const [a, b] = await Promise.all([post(make()), post(make())]);
    const results = [await a.json(), await b.json()];
    expect(new Set(results.map((r) => r.ticketId)).size).toBe(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    const third = await (await post(make())).json();
    expect(third).toMatchObject({ duplicate: true, ticketId: results[0].ticketId });
  });

  it('the raw variant is verified with mailauth: SPF, DKIM and DMARC pass for a signed message', async () => {
    const raw = await signer.sign(
      renderFixture('gmail-new', {
        from: 'Dana <dana@customer.test>',
        to: mailbox.address,
        subject: 'Signed request',
        body: 'Signed body',
      }),
    );
    const form = new RawForm();
    form.append('email', raw.toString('latin1'));
    form.append('to', mailbox.address);
    form.append('from', 'dana@customer.test');
    form.append('sender_ip', signer.senderIp);
    form.append('envelope', JSON.stringify({ to: [mailbox.address], from: 'dana@customer.test' }));
    form.append('charsets', JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8' }));
    form.append('SPF', 'pass');
    const result = await (await post(form)).json();
    expect(result.outcome).toBe('ticket_created');
    const log = await stack.db('mail_imports').where({ ticket_id: result.ticketId }).first();
    expect(log.auth_summary).toBe('spf=pass dkim=pass (customer.test) dmarc=pass');
    expect(log.auth_results).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
  });

  it("a mailbox refusing unauthenticated mail drops a forged message claiming a customer's address, and logs why", async () => {
    const strict = await insertMailbox(stack.db, {
      address: `strict-${randomUUID().slice(0, 8)}@acme.test`,
      teamId: null,
      inboundKind: 'sendgrid',
      inboundToken: randomBytes(24).toString('base64url'),
      refuseUnauthenticated: true,
    });
    await stack
      .db('users')
      .insert({ email: 'ceo@customer.test', name: 'The CEO', role: 'customer' })
      .onConflict()
      .ignore();
    const forged = renderFixture('outlook-new', {
      from: 'The CEO <ceo@customer.test>',
      to: strict.address,
      subject: 'Wire the money',
      body: 'Now',
    });
    const form = new RawForm();
    form.append('email', forged.toString('latin1'));
    form.append('sender_ip', '198.51.100.66');
    form.append('envelope', JSON.stringify({ to: [strict.address], from: 'ceo@customer.test' }));
    const result = await (await post(form, {}, strict.inboundToken)).json();
    expect(result).toMatchObject({ outcome: 'refused', ticketId: null });
    expect(result.reason).toMatch(/unauthenticated mail claiming ceo@customer.test.*spf=fail/);
  });

  it('answers 404 for an unknown token and 401 without the basic auth the mailbox asks for', async () => {
    expect(
      (
        await post(
          parsedPost({ from: 'x@customer.test', subject: 's', text: 't', messageId: 'a@b' }),
          {},
          'x'.repeat(32),
        )
      ).status,
    ).toBe(404);
    const guarded = await insertMailbox(stack.db, {
      address: `guarded-${randomUUID().slice(0, 8)}@acme.test`,
      teamId: null,
      inboundKind: 'sendgrid',
      inboundToken: randomBytes(24).toString('base64url'),
    });
    await stack
      .db('mailboxes')
      .where({ id: guarded.id })
      .update({
        inbound_basic_user: 'sendgrid',
        inbound_basic_password_ciphertext: sealSecret(stack.appSecretKey, 'parse-secret'),
        inbound_basic_password_last4: lastFour('parse-secret'),
      });
    const form = () =>
      parsedPost({ from: 'basic@customer.test', subject: 'With auth', text: 't', messageId: `${randomUUID()}@c` });
    const denied = await post(form(), {}, guarded.inboundToken);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await post(
      form(),
      { authorization: `Basic ${Buffer.from('sendgrid:nope').toString('base64')}` },
      guarded.inboundToken,
    );
    expect(wrong.status).toBe(401);
    const ok = await post(
      form(),
      { authorization: `Basic ${Buffer.from('sendgrid:parse-secret').toString('base64')}` },
      guarded.inboundToken,
    );
    expect((await ok.json()).outcome).toBe('ticket_created');
  });

  it('opened in a browser, says which mailbox it feeds (and nothing for an unknown token)', async () => {
    const imports = () => stack.db('mail_imports').where({ mailbox_id: mailbox.id }).count('* as n');
    const before = await imports();
    const opened = await fetch(url());
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ mailbox: mailbox.address, usage: expect.stringContaining('Inbound Parse') });
    expect((await fetch(url('y'.repeat(32)))).status).toBe(404);
    expect(await imports()).toEqual(before); // reading it imports nothing
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toContain('/api/inbound/sendgrid/{token}');
  });
});

describe('the API shows mail tickets', () => {
  it('GET /api/tickets/:id has channel "email" and the Message-ID of the opening mail and of each reply', async () => {
    const { createKeyedUser, requestJson } = await import('../support/fixtures.js');
    const agent = await createKeyedUser(stack.db, 'agent');
    const opening = `${randomUUID()}@customer.test`;
    const form = parsedPost({ from: 'api@customer.test', subject: 'Via API', text: 'hello', messageId: opening });
    const { ticketId } = await (await post(form)).json();
    const reply = `${randomUUID()}@customer.test`;
    const raw = renderFixture('gmail-reply', {
      from: 'api@customer.test',
      to: mailbox.address,
      subject: 'Via API',
      body: 'more',
      inReplyTo: opening,
      references: [opening],
      messageId: reply,
    });
    const rawForm = new RawForm();
    rawForm.append('email', raw.toString('latin1'));
    expect((await (await post(rawForm)).json()).ticketId).toBe(ticketId);
    const detail = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}`, { headers: agent.auth });
    expect(detail.body).toMatchObject({ channel: 'email', messageId: opening });
    expect(detail.body.messages).toEqual([
      expect.objectContaining({ body: expect.stringMatching(/^more/), messageId: reply }),
    ]);
  });
});
