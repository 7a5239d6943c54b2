import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { classifyAutoMail, parseDeliveryStatus } from './auto-mail.js';
import type { InboundAttachment, InboundMail, MailAddress } from './inbound-mail.js';
import { bareMessageId, messageIdList } from './message-ids.js';

const addresses = (value: AddressObject | AddressObject[] | undefined): MailAddress[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => a.address)
    .map((a) => ({ address: a.address!.trim(), name: (a.name ?? '').trim() }));

/**
 * HTML bodies become plain text for the conversation: nothing of the HTML survives (no script,
 * style, tracking pixel or link target runs anywhere), links keep their address in brackets.
 */
export function htmlToSafeText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'head', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const headerText = (value: HeaderValue | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

/**
 * Parses raw MIME with mailparser: every charset (ISO-2022-JP, windows-1252, …) and transfer
 * encoding (quoted-printable, base64) decoded; the text part preferred, else the HTML part as
 * safe text; attachments and inline images collected; loop-relevant headers classified.
 */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const header = (name: string) => headerText(parsed.headers.get(name));
  const from = addresses(parsed.from)[0] ?? null;
  const contentType = parsed.headerLines.find((h) => h.key === 'content-type')?.line ?? '';
  const attachments: InboundAttachment[] = [];
  let bounce = null;
  for (const a of parsed.attachments) {
    if (a.contentType === 'message/delivery-status') {
      bounce = parseDeliveryStatus(a.content.toString('utf8'));
      continue;
    }
    attachments.push({
      filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'forwarded-message.eml' : 'attachment'),
      contentType: a.contentType,
      content: a.content,
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
    });
  }
  const autoKind = classifyAutoMail(header, contentType, from?.address ?? null);
  // mailparser folds message/delivery-status into the text: read the report from the raw message.
  if (autoKind === 'delivery_report' && !bounce) bounce = parseDeliveryStatus(raw.toString('latin1'));
  const plain = (parsed.text ?? '').trim();
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  return {
    messageId: parsed.messageId ? bareMessageId(parsed.messageId) : null,
    inReplyTo: messageIdList(parsed.inReplyTo),
    references: messageIdList(parsed.references),
    from,
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: (parsed.subject ?? '').trim(),
    date: parsed.date ?? null,
    text: plain || (html ? htmlToSafeText(html) : ''),
    attachments,
    headers: parsed.headerLines.map((h) => {
      const at = h.line.indexOf(':');
      return [
        h.line.slice(0, at).trim(),
        h.line
          .slice(at + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      ];
    }),
    autoKind,
    bounce,
    sizeBytes: raw.length,
    sha256: createHash('sha256').update(raw).digest('hex'),
  };
}
