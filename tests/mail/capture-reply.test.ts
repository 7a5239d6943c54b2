import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMailbox, type Mailbox } from '../../db/mailboxes.js';
import { eventually } from '../support/eventually.js';
import { mailsTo } from '../support/mail-stack.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// The whole loop on embedded defaults: mail in, acknowledgement captured, a person presses Reply
// in the capture inbox, and the reply lands in the conversation — no mail server anywhere.
let stack: TestStack;
let mailbox: Mailbox;
beforeAll(async () => {
  stack = await startTestStack();
  mailbox = await insertMailbox(stack.db, {
    address: `demo-${randomUUID().slice(0, 8)}@ticketflow.localhost`,
    teamId: null,
    inboundKind: 'sendgrid',
    inboundToken: randomBytes(24).toString('base64url'),
  });
  stack.capture.setInboundParseUrl(`${stack.baseUrl}/api/inbound/sendgrid/${mailbox.inboundToken}`);
});
afterAll(() => stack?.close());

describe('the capture inbox Reply button', () => {
  it('delivers a reply as SendGrid Inbound Parse would, and it threads onto the ticket', async () => {
    const customer = `loop-${randomUUID().slice(0, 6)}@customer.test`;
    const form = new FormData();
    form.append(
      'email',
      `From: Robin <${customer}>\r\nTo: ${mailbox.address}\r\nSubject: Loop test\r\nMessage-ID: <${randomUUID()}@customer.test>\r\n\r\nFirst\r\n`,
    );
    const { ticketId } = await (
      await fetch(`${stack.baseUrl}/api/inbound/sendgrid/${mailbox.inboundToken}`, { method: 'POST', body: form })
    ).json();
    const ack = await eventually(async () => {
      const [m] = mailsTo(stack, customer);
      expect(m).toBeDefined();
      return m!;
    });
    const page = await (await fetch(`${stack.capture.url}/`)).text();
    expect(page).toContain(`action="/reply/${ack.id}"`);

    const reply = await fetch(`${stack.capture.url}/reply/${ack.id}`, {
      method: 'POST',
      body: new URLSearchParams({ from: customer, text: 'Thanks, it works now' }),
      redirect: 'manual',
    });
    expect(reply.status).toBe(303);
    expect(await (await fetch(`${stack.capture.url}/`)).text()).toContain(
      `Reply delivered: reply_added on ticket #${ticketId}`,
    );
    const messages = await stack.db('ticket_messages').where({ ticket_id: ticketId }).pluck('body');
    expect(messages).toEqual(['Thanks, it works now']);
  });
});
