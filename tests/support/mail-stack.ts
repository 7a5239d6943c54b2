import { randomBytes, randomUUID } from 'node:crypto';
import { insertMailbox, type Mailbox, type NewMailbox } from '../../db/mailboxes.js';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import type { CapturedMessage } from '../../dev/capture-server.js';
import type { Dovecot } from './dovecot.js';
import type { TestStack } from './test-stack.js';

/** A mailbox on the test dovecot, with its account. */
export interface TestImapMailbox {
  mailbox: Mailbox;
  address: string;
  password: string;
  /** Delivers raw messages to the mailbox's INBOX and wakes its poller. */
  deliver(...messages: Buffer[]): Promise<void>;
}

/** Creates an IMAP mailbox in TicketFlow backed by a fresh dovecot account, and starts its poller. */
export async function createImapMailbox(
  stack: TestStack,
  dovecot: Dovecot,
  overrides: Partial<NewMailbox> & {
    afterImport?: 'flag' | 'move' | 'delete';
    afterImportFolder?: string;
    tls?: boolean;
    /** False when another worker (a child process) runs the pollers. */
    startPoller?: boolean;
  } = {},
): Promise<TestImapMailbox> {
  const address = `support-${randomUUID().slice(0, 8)}@acme.test`;
  const password = dovecot.password;
  const { afterImport, afterImportFolder, tls, startPoller, ...rest } = overrides;
  const mailbox = await insertMailbox(stack.db, {
    address,
    displayName: 'Acme Support',
    teamId: null,
    inboundKind: 'imap',
    inboundToken: randomBytes(24).toString('base64url'),
    imap: {
      host: dovecot.host,
      port: tls ? dovecot.tlsPort : dovecot.port,
      security: tls ? 'tls' : 'none',
      user: address,
      passwordSealed: sealSecret(stack.appSecretKey, password),
      passwordLast4: lastFour(password),
      folder: 'INBOX',
      afterImport: afterImport ?? 'flag',
      afterImportFolder: afterImportFolder ?? null,
      pollIntervalSeconds: 30,
    },
    ...rest,
  });
  if (afterImportFolder) await dovecot.append(address, password, afterImportFolder, []);
  if (startPoller !== false) await stack.mailboxes.mailboxChanged(mailbox.id);
  return {
    mailbox,
    address,
    password,
    async deliver(...messages) {
      await dovecot.append(address, password, 'INBOX', messages);
      if (startPoller !== false) await stack.mailboxes.mailboxChanged(mailbox.id);
    },
  };
}

/** The captured e-mails to `address`, oldest first. */
export const mailsTo = (stack: TestStack, address: string): CapturedMessage[] =>
  stack.capture
    .messages()
    .filter((m) => m.kind === 'email' && m.to.some((t) => t.toLowerCase() === address.toLowerCase()));

/** The Message-ID and Reply-To of a captured e-mail. */
export function threadingOf(message: CapturedMessage): { messageId: string; replyTo: string; references: string[] } {
  const body = message.body as { reply_to?: { email?: string } };
  return {
    messageId: (message.headers['Message-ID'] ?? '').replace(/^<|>$/g, ''),
    replyTo: body.reply_to?.email ?? '',
    references: [...(message.headers.References ?? '').matchAll(/<([^>]+)>/g)].map((m) => m[1]!),
  };
}
