import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../dev/capture-server.js';
import { createMailer } from './mailer.js';

let capture: CaptureServer;
beforeAll(async () => {
  capture = await startCaptureServer({ port: 0 });
});
afterAll(() => capture?.close());

describe('the SendGrid mailer against the capture server', () => {
  it('delivers through the real @sendgrid/mail client and returns the message id', async () => {
    const mailer = createMailer({
      apiKey: 'SG.test',
      apiUrl: capture.url,
      from: 'TicketFlow <support@ticketflow.example>',
    });
    const { messageId } = await mailer.send({
      to: 'cora@acme.example',
      subject: 'TF-1001 received',
      text: 'We got your ticket.',
      idempotencyKey: 'ticket-1:created:cora',
    });

    const [mail] = capture.messages();
    expect(mail).toMatchObject({
      id: messageId,
      kind: 'email',
      to: ['cora@acme.example'],
      subject: 'TF-1001 received',
      text: 'We got your ticket.',
    });
    expect(mail?.headers['X-TicketFlow-Idempotency-Key']).toBe('ticket-1:created:cora');
    expect((mail?.body as { from: { email: string; name: string } }).from).toEqual({
      email: 'support@ticketflow.example',
      name: 'TicketFlow',
    });
  });

  it("surfaces SendGrid's error responses", async () => {
    const mailer = createMailer({ apiKey: 'SG.test', apiUrl: capture.url, from: 'support@ticketflow.example' });
    await expect(
      mailer.send({ to: 'x@acme.example', subject: 'no body', text: '', idempotencyKey: 'k' }),
    ).rejects.toThrow(/Bad Request/);
  });
});
