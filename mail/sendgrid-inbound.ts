import MailComposer from 'nodemailer/lib/mail-composer';
import { providerAuthResults, type MailAuthResults } from './mail-authentication.js';

/** A file part of an Inbound Parse post. */
export interface InboundParseFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What an Inbound Parse post carries once its fields are decoded. */
export interface InboundParsePost {
  /** Text fields, decoded with the charsets SendGrid names in `charsets`. */
  fields: Record<string, string>;
  files: InboundParseFile[];
}

/** The raw message and what the provider told us about its delivery. */
export interface InboundParseMessage {
  raw: Buffer;
  envelope: { ip?: string; sender?: string; to?: string[] };
  /** SendGrid's own verdicts, for the parsed variant (the raw one is checked with mailauth). */
  providerAuth?: MailAuthResults;
}

// Headers the rebuilt MIME structure supplies itself.
const structural = /^(content-type|content-transfer-encoding|mime-version|content-disposition)$/i;

function headerList(block: string): [string, string][] {
  return block
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')
    .map((line) => {
      const at = line.indexOf(':');
      return at > 0 ? ([line.slice(0, at).trim(), line.slice(at + 1).trim()] as [string, string]) : null;
    })
    .filter((h): h is [string, string] => h !== null);
}

/**
 * Turns a SendGrid Inbound Parse post into one raw MIME message, so both variants go through
 * the same import: the "send raw" variant carries it in `email`; the parsed variant is put back
 * together from its original header block, text, HTML and attachment files.
 */
export async function inboundParseToMessage(post: InboundParsePost): Promise<InboundParseMessage | null> {
  const { fields } = post;
  let envelope: { from?: string; to?: string[] } = {};
  try {
    envelope = JSON.parse(fields.envelope ?? '{}') as typeof envelope;
  } catch {
    envelope = {};
  }
  const base = {
    envelope: {
      ...(fields.sender_ip ? { ip: fields.sender_ip } : {}),
      ...(envelope.from ? { sender: envelope.from } : {}),
      ...(Array.isArray(envelope.to) ? { to: envelope.to.map(String) } : {}),
    },
  };
  if (fields.email) return { ...base, raw: Buffer.from(fields.email, 'utf8') };
  if (!fields.headers && !fields.from) return null;

  const headers = headerList(fields.headers ?? '');
  const pick = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
  let info: Record<string, { filename?: string; type?: string; 'content-id'?: string }> = {};
  try {
    info = JSON.parse(fields['attachment-info'] ?? '{}') as typeof info;
  } catch {
    info = {};
  }
  const composer = new MailComposer({
    from: pick('from') ?? fields.from,
    to: pick('to') ?? fields.to,
    ...(pick('cc') ? { cc: pick('cc') } : {}),
    subject: pick('subject') ?? fields.subject ?? '',
    ...(pick('message-id') ? { messageId: pick('message-id') } : {}),
    ...(pick('date') ? { date: pick('date') } : {}),
    ...(fields.text ? { text: fields.text } : {}),
    ...(fields.html ? { html: fields.html } : {}),
    headers: headers
      .filter(([k]) => !structural.test(k) && !/^(from|to|cc|subject|message-id|date)$/i.test(k))
      .map(([key, value]) => ({ key, value: { prepared: true, value } })),
    attachments: post.files.map((f) => ({
      filename: info[f.field]?.filename ?? f.filename,
      contentType: info[f.field]?.type ?? f.contentType,
      content: f.content,
      ...(info[f.field]?.['content-id'] ? { cid: info[f.field]!['content-id'] } : {}),
    })),
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
  return { ...base, raw, providerAuth: providerAuthResults(fields.SPF, fields.dkim) };
}
