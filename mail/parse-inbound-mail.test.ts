import { describe, expect, it } from 'vitest';
import { mailClients, renderFixture } from '../tests/support/mail-fixtures.js';
import { parseInboundMail } from './parse-inbound-mail.js';
import { stripQuotedReply } from './strip-reply.js';

const base = {
  from: 'Alex Doe <alex@customer.test>',
  to: 'support@acme.test',
  subject: '[TF-1001] Printer on fire',
  body: 'It is still smoking',
};

describe('parsing mail as real clients send it', () => {
  it.each(mailClients)(
    '%s: a reply keeps only the new text, without quoted history or signature noise',
    async (client) => {
      const mail = await parseInboundMail(
        renderFixture(`${client}-reply`, { ...base, inReplyTo: 'a@x', references: ['a@x'] }),
      );
      const visible = stripQuotedReply(mail.text);
      expect(visible).toContain('It is still smoking');
      for (const quoted of [
        'We received your request',
        'wir haben Ihre Anfrage',
        'Nous avons bien reçu',
        'お問い合わせを受け付けました',
      ])
        expect(visible).not.toContain(quoted);
      expect(mail.subject).toMatch(/\[TF-1001\] Printer on fire$/);
    },
  );

  it('decodes quoted-printable ISO-8859-1 (Outlook, German) and ISO-2022-JP (Thunderbird, Japanese)', async () => {
    const outlook = await parseInboundMail(renderFixture('outlook-new', base));
    expect(outlook.text).toContain('Mit freundlichen Grüßen\nJürgen Müller');
    const thunderbird = await parseInboundMail(renderFixture('thunderbird-new', base));
    expect(thunderbird.text).toContain('パスワードを再設定してもログインできません。');
    expect(thunderbird.subject).toBe('ログインできません [TF-1001] Printer on fire');
  });

  it('reads Outlook threading as Outlook sends it: Thread-Index, no References', async () => {
    const mail = await parseInboundMail(renderFixture('outlook-reply', base));
    expect(mail.references).toEqual([]);
    expect(mail.inReplyTo).toEqual([]);
    expect(mail.headers.find(([k]) => k === 'Thread-Index')?.[1]).toBeTruthy();
  });

  it('turns HTML into text with nothing executable left, and keeps attachments', async () => {
    const raw = renderFixture('gmail-new', { ...base, body: 'See <b>attached</b>' });
    const html = Buffer.from(
      raw
        .toString('latin1')
        .replace(/Content-Type: text\/plain; charset="UTF-8"\r\n\r\nSee <b>attached<\/b>\r\n\r\nAlex\r\n\r\n/, ''),
      'latin1',
    );
    const mail = await parseInboundMail(html);
    expect(mail.text).toContain('attached');
    expect(mail.text).not.toMatch(/<script|alert\(1\)|pixel\.gif|<b>/);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['screenshot.png', 'image/png']]);
  });

  it('recognises auto-replies, bulk mail and delivery reports', async () => {
    const ooo = await parseInboundMail(renderFixture('outlook-out-of-office', base));
    expect(ooo.autoKind).toBe('auto_replied');
    const vacation = await parseInboundMail(renderFixture('vacation-autoreply', base));
    expect(vacation.autoKind).toBe('auto_replied');
    const bounce = await parseInboundMail(
      renderFixture('postfix-bounce', { ...base, failed: 'gone@customer.test', originalId: 'tf.1.abc@acme.test' }),
    );
    expect(bounce.autoKind).toBe('delivery_report');
    expect(bounce.bounce).toEqual({
      recipients: ['gone@customer.test'],
      status: '5.1.1',
      diagnostic: expect.stringContaining('User unknown'),
    });
    const person = await parseInboundMail(renderFixture('gmail-new', base));
    expect(person.autoKind).toBeNull();
  });
});
