import { isIP } from 'node:net';
import { ImapFlow } from 'imapflow';
import type { Mailbox } from '../db/mailboxes.js';
import { openSecret } from '../db/secret-box.js';
import { resolveOutboundHost, type OutboundAllowList } from './outbound-host-guard.js';

/** What connecting to a mailbox's IMAP server needs. */
export interface ImapSettings {
  appSecretKey: Buffer | null;
  allowHosts: OutboundAllowList;
  /** Accept self-signed certificates (tests against a local dovecot only). */
  insecureTls?: boolean;
}

/** Connects and logs in to a mailbox's IMAP server; the caller logs out. */
export async function connectImap(mailbox: Mailbox, settings: ImapSettings): Promise<ImapFlow> {
  const { host, port, security, user, passwordSealed } = mailbox.imap;
  if (!host || !port || !user || !passwordSealed)
    throw new Error(`mailbox ${mailbox.address} has no complete IMAP settings (host, port, user, password)`);
  if (!settings.appSecretKey) throw new Error('APP_SECRET_KEY is needed to open the IMAP password');
  const address = await resolveOutboundHost(host, port, settings.allowHosts);
  const client = new ImapFlow({
    host: address,
    port,
    secure: security === 'tls',
    doSTARTTLS: security === 'starttls' ? true : security === 'none' ? false : undefined,
    // The certificate is checked against the name the admin typed, not the resolved address.
    ...(isIP(host) ? {} : { servername: host }),
    auth: { user, pass: openSecret(settings.appSecretKey, passwordSealed) },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 120_000,
    tls: { rejectUnauthorized: !settings.insecureTls, ...(isIP(host) ? {} : { servername: host }) },
  } as ConstructorParameters<typeof ImapFlow>[0]);
  // An idle connection that drops must not crash the worker.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Explains a connection failure in words an admin can act on. */
export function describeImapFailure(error: unknown): string {
  const e = error as {
    code?: string;
    message?: string;
    authenticationFailed?: boolean;
    responseText?: string;
    serverResponseCode?: string;
  };
  const message = e.message ?? String(error);
  if (
    e.authenticationFailed ||
    /AUTHENTICATIONFAILED|authentication failed|Invalid credentials/i.test(
      `${message} ${e.responseText ?? ''} ${e.serverResponseCode ?? ''}`,
    )
  )
    return `Authentication failed: the server refused the user name or password (${e.responseText ?? message}).`;
  if (e.code === 'ECONNREFUSED') return `Connection refused: nothing listens on that host and port (${message}).`;
  if (e.code === 'ENOTFOUND' || /^DNS:/.test(message))
    return message.startsWith('DNS:') ? message : `DNS: the host name does not resolve (${message}).`;
  if (e.code === 'ETIMEDOUT' || /timeout/i.test(message))
    return `Timed out: the server did not answer in time (${message}); check host, port and firewall.`;
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number|EPROTO/i.test(`${e.code ?? ''} ${message}`))
    return `TLS failed: ${message}. Check the port and the security setting (TLS on 993, STARTTLS on 143) and the server's certificate.`;
  if (/Mailbox doesn't exist|NONEXISTENT|not exist/i.test(`${message} ${e.responseText ?? ''}`))
    return `The folder does not exist on the server (${e.responseText ?? message}).`;
  return message;
}
