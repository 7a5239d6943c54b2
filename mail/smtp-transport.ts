import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { resolveOutboundHost, type OutboundAllowList } from './outbound-host-guard.js';
import { openSecret } from '../db/secret-box.js';
import type { Mailbox } from '../db/mailboxes.js';
import type { OutgoingMail } from '../notify/mailer.js';

/** Sends one message through a mailbox's SMTP server; returns the server's answer. */
export type SmtpSend = (
  mailbox: Mailbox,
  message: OutgoingMail & { from: string },
) => Promise<{ messageId: string | null }>;

/**
 * SMTP through nodemailer, one pooled transport per mailbox and settings version (an edit in the
 * back office takes effect on the next mail). The password is opened only here, in memory.
 */
export function createSmtpSender(appSecretKey: Buffer | null, allowHosts: OutboundAllowList = []): SmtpSend {
  const transports = new Map<string, Transporter>();
  const transportFor = async (mailbox: Mailbox): Promise<Transporter> => {
    const key = `${mailbox.id}:${mailbox.settingsVersion}`;
    let transport = transports.get(key);
    if (!transport) {
      const { host, port, security, user, passwordSealed } = mailbox.smtp;
      if (!host || !port) throw new Error(`mailbox ${mailbox.address} sends by SMTP but has no SMTP host and port`);
      const password = passwordSealed && appSecretKey ? openSecret(appSecretKey, passwordSealed) : null;
      const address = await resolveOutboundHost(host, port, allowHosts);
      transport = nodemailer.createTransport({
        host: address,
        ...(isIP(host) ? {} : { tls: { servername: host } }),
        port,
        secure: security === 'tls',
        requireTLS: security === 'starttls',
        ignoreTLS: security === 'none',
        ...(user && password ? { auth: { user, pass: password } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      transports.set(key, transport);
    }
    return transport;
  };
  return async (mailbox, message) => {
    const info = await (
      await transportFor(mailbox)
    ).sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.headers?.['Message-ID'] ? { messageId: message.headers['Message-ID'] } : {}),
      headers: Object.fromEntries(
        Object.entries({ ...message.headers, 'X-TicketFlow-Idempotency-Key': message.idempotencyKey }).filter(
          ([k]) => k !== 'Message-ID',
        ),
      ),
    });
    return { messageId: info.messageId ?? null };
  };
}
