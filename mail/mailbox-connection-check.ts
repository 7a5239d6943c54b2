import nodemailer from 'nodemailer';
import type { Mailbox } from '../db/mailboxes.js';
import { openSecret } from '../db/secret-box.js';
import { connectImap, describeImapFailure, type ImapSettings } from './imap-connection.js';
import { resolveOutboundHost } from './outbound-host-guard.js';

/** What "Test connection" found, in sentences for the admin. */
export interface ConnectionCheck {
  ok: boolean;
  lines: string[];
}

/**
 * Tries what the mailbox will do: log in to IMAP and open its folder (and the folder mail is moved
 * to), and greet the SMTP server with the credentials; each failure is said in words (DNS,
 * refused, TLS, authentication, missing folder).
 */
export async function checkMailboxConnection(mailbox: Mailbox, settings: ImapSettings): Promise<ConnectionCheck> {
  const lines: string[] = [];
  let ok = true;
  if (mailbox.inboundKind === 'imap') {
    try {
      const client = await connectImap(mailbox, settings);
      try {
        const opened = await client.mailboxOpen(mailbox.imap.folder).catch((error: unknown) => {
          throw Object.assign(new Error(`The folder "${mailbox.imap.folder}" does not exist on the server.`), {
            cause: error,
          });
        });
        lines.push(
          `IMAP: signed in as ${mailbox.imap.user}; folder "${mailbox.imap.folder}" has ${opened.exists} message(s).`,
        );
        if (mailbox.imap.afterImport === 'move') {
          const target = mailbox.imap.afterImportFolder ?? '';
          const list = await client.list();
          if (!list.some((f) => f.path === target)) {
            ok = false;
            lines.push(
              `IMAP: the folder "${target}" that imported mail is moved to does not exist; create it or pick another.`,
            );
          }
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    } catch (error) {
      ok = false;
      const message = (error as Error).message;
      lines.push(`IMAP: ${/^The folder/.test(message) ? message : describeImapFailure(error)}`);
    }
  } else lines.push('Inbound: SendGrid Inbound Parse posts to the URL shown on this page; nothing to connect to.');

  if (mailbox.outboundKind === 'smtp') {
    const { host, port, security, user, passwordSealed } = mailbox.smtp;
    try {
      if (!host || !port) throw new Error('no SMTP host and port are set.');
      const address = await resolveOutboundHost(host, port, settings.allowHosts);
      const password =
        passwordSealed && settings.appSecretKey ? openSecret(settings.appSecretKey, passwordSealed) : null;
      const transport = nodemailer.createTransport({
        host: address,
        port,
        secure: security === 'tls',
        requireTLS: security === 'starttls',
        ignoreTLS: security === 'none',
        ...(user && password ? { auth: { user, pass: password } } : {}),
        tls: { rejectUnauthorized: !settings.insecureTls, servername: host },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
      });
      await transport.verify();
      transport.close();
      lines.push(`SMTP: ${host}:${port} accepted the connection${user ? ` and the login of ${user}` : ''}.`);
    } catch (error) {
      ok = false;
      const e = error as { code?: string; responseCode?: number; message: string };
      const why =
        e.code === 'EAUTH'
          ? `Authentication failed: the server refused the user name or password (${e.message}).`
          : describeImapFailure(error);
      lines.push(`SMTP: ${why}`);
    }
  } else lines.push('Outbound: through SendGrid (SENDGRID_API_KEY).');
  return { ok, lines };
}
