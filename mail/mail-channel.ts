import type { DNSResolver } from 'mailauth';
import type { Db } from '../db/connection.js';
import type { Logger } from 'pino';
import type { Mailer } from '../notify/mailer.js';
import type { AttachmentStore } from '../tickets/files/attachment-store.js';
import type { LiveEvents } from '../tickets/live-events.js';
import { createMailTicketCommands } from '../tickets/mail-intake.js';
import { createTicketDeps } from '../tickets/ticket-deps.js';
import type { TicketWorkflows } from '../workflows/client.js';
import { createImapMailboxSync, type ImapMailboxSync } from './imap-mailbox-sync.js';
import type { MailImportDependencies } from './import-mail.js';
import { createMailAuthenticator } from './mail-authentication.js';
import type { MailPolicy } from './mail-policy.js';
import type { OutboundAllowList } from './outbound-host-guard.js';
import { replyAddressKey } from './reply-address.js';
import { createSmtpSender } from './smtp-transport.js';
import { createTicketMailOutbound, type TicketMailOutbound } from './ticket-mail-outbound.js';

/** What the mail channel is built from, in the worker and the server alike. */
export interface MailChannelOptions {
  db: Db;
  workflows: TicketWorkflows;
  logger: Logger;
  appSecretKey: Buffer;
  /** The attachment store uploads use too (ATTACHMENT_STORE), and how big one file may be. */
  attachments: { store: AttachmentStore; maxBytes: number };
  sendgrid: Mailer | null;
  defaultFrom: string;
  allowHosts: OutboundAllowList;
  /** DNS for SPF/DKIM/DMARC; the system's when omitted. */
  dnsResolver?: DNSResolver;
  policy?: Partial<MailPolicy>;
  insecureTls?: boolean;
  /** Tells open browsers about imported messages (the server has socket.io; the worker publishes through the bus). */
  live?: LiveEvents;
}

/** The mail channel's parts: intake (import), the IMAP sync behind the pollers, and outbound ticket mail. */
export interface MailChannel {
  importer: MailImportDependencies;
  imap: ImapMailboxSync;
  ticketMail: TicketMailOutbound;
}

/** Wires the mail channel. */
export function createMailChannel(options: MailChannelOptions): MailChannel {
  const replyKey = replyAddressKey(options.appSecretKey);
  const importer: MailImportDependencies = {
    db: options.db,
    replyKey,
    intake: createMailTicketCommands(
      createTicketDeps({
        db: options.db,
        workflows: options.workflows,
        logger: options.logger,
        ...(options.live ? { live: options.live } : {}),
      }),
      options.attachments,
    ),
    authenticate: createMailAuthenticator(options.dnsResolver ? { resolver: options.dnsResolver } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  };
  return {
    importer,
    imap: createImapMailboxSync({
      db: options.db,
      importer,
      imap: {
        appSecretKey: options.appSecretKey,
        allowHosts: options.allowHosts,
        insecureTls: options.insecureTls ?? false,
      },
    }),
    ticketMail: createTicketMailOutbound({
      db: options.db,
      replyKey,
      sendgrid: options.sendgrid,
      smtp: createSmtpSender(options.appSecretKey, options.allowHosts),
      defaultFrom: options.defaultFrom,
    }),
  };
}
