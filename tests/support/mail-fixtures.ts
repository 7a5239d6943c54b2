import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './run-command.js';

/** The client shapes the fixtures imitate. */
export const mailClients = ['gmail', 'outlook', 'apple', 'thunderbird'] as const;
/** A client shape. */
export type MailClient = (typeof mailClients)[number];

/** What fills a fixture's placeholders. */
export interface FixtureValues {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  body: string;
  inReplyTo?: string | null;
  references?: string[];
  messageId?: string;
  date?: Date;
  failed?: string;
  originalId?: string;
}

/**
 * Renders `tests/fixtures/mail/<name>.eml.tpl`: raw bytes as the client would send them (its
 * charset and transfer encoding untouched), with addresses, subject and thread headers filled in.
 */
export function renderFixture(name: string, values: FixtureValues): Buffer {
  const template = readFileSync(path.join(projectRoot, 'tests/fixtures/mail', `${name}.eml.tpl`)).toString('latin1');
  const messageId = values.messageId ?? `${randomUUID()}@client.test`;
  const refs = values.references ?? [];
  const filled = template
    .replaceAll('{{CC_HEADER}}', values.cc ? `Cc: ${values.cc}\r\n` : '')
    .replaceAll('{{FROM}}', values.from)
    .replaceAll('{{TO}}', values.to)
    .replaceAll('{{SUBJECT}}', values.subject)
    .replaceAll('{{BODY}}', values.body)
    .replaceAll('{{IN_REPLY_TO}}', values.inReplyTo ? `<${values.inReplyTo}>` : '')
    .replaceAll('{{REFERENCES}}', refs.map((r) => `<${r}>`).join(' '))
    .replaceAll('{{MESSAGE_ID}}', messageId)
    .replaceAll('{{DATE}}', (values.date ?? new Date()).toUTCString().replace('GMT', '+0000'))
    .replaceAll('{{FAILED}}', values.failed ?? 'nobody@customer.test')
    .replaceAll('{{ORIGINAL_ID}}', values.originalId ?? 'unknown@ticketflow.test')
    // A client leaves out a header it has nothing for.
    .replace(/^(In-Reply-To|References): *\r\n/gim, '');
  return Buffer.from(filled, 'latin1');
}
