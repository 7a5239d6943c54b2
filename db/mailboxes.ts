import type { Knex } from 'knex';
import type { TicketPriority } from '../domain/ticket-priority.js';

/** How a mailbox's connection is secured. */
export type MailSecurity = 'tls' | 'starttls' | 'none';

/** A support address as the mail channel uses it; secrets stay sealed (db/secret-box.ts). */
export interface Mailbox {
  id: number;
  address: string;
  displayName: string;
  teamId: number | null;
  defaultPriority: TicketPriority;
  inboundKind: 'imap' | 'sendgrid';
  imap: {
    host: string | null;
    port: number | null;
    security: MailSecurity;
    user: string | null;
    passwordSealed: string | null;
    folder: string;
    afterImport: 'flag' | 'move' | 'delete';
    afterImportFolder: string | null;
    pollIntervalSeconds: number;
    uidValidity: string | null;
    lastUid: number;
  };
  inboundToken: string;
  inboundBasicAuth: { user: string; passwordSealed: string } | null;
  outboundKind: 'sendgrid' | 'smtp';
  smtp: {
    host: string | null;
    port: number | null;
    security: MailSecurity;
    user: string | null;
    passwordSealed: string | null;
  };
  maxMessageBytes: number;
  refuseUnauthenticated: boolean;
  active: boolean;
  settingsVersion: number;
}

/** Fields of a new mailbox (the CLI and tests; the back office writes through AdminJS). */
export interface NewMailbox {
  address: string;
  displayName?: string;
  teamId: number | null;
  defaultPriority?: TicketPriority;
  inboundKind: 'imap' | 'sendgrid';
  inboundToken: string;
  imap?: {
    host: string;
    port: number;
    security: MailSecurity;
    user: string;
    passwordSealed: string;
    passwordLast4: string;
    folder?: string;
    afterImport?: 'flag' | 'move' | 'delete';
    afterImportFolder?: string | null;
    pollIntervalSeconds?: number;
  };
  smtp?: { host: string; port: number; security: MailSecurity; user: string | null; passwordSealed: string | null };
  refuseUnauthenticated?: boolean;
  maxMessageBytes?: number;
}

/** Maps a mailboxes row. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mailboxes row, mapped column by column
export function toMailbox(r: Record<string, any>): Mailbox {
  return {
    id: r.id,
    address: r.address,
    displayName: r.display_name,
    teamId: r.team_id,
    defaultPriority: r.default_priority,
    inboundKind: r.inbound_kind,
    imap: {
      host: r.imap_host,
      port: r.imap_port,
      security: r.imap_security,
      user: r.imap_user,
      passwordSealed: r.imap_password_ciphertext,
      folder: r.imap_folder,
      afterImport: r.after_import,
      afterImportFolder: r.after_import_folder,
      pollIntervalSeconds: r.poll_interval_seconds,
      uidValidity: r.imap_uid_validity === null ? null : String(r.imap_uid_validity),
      lastUid: Number(r.imap_last_uid),
    },
    inboundToken: r.inbound_token,
    inboundBasicAuth:
      r.inbound_basic_user && r.inbound_basic_password_ciphertext
        ? { user: r.inbound_basic_user, passwordSealed: r.inbound_basic_password_ciphertext }
        : null,
    outboundKind: r.outbound_kind,
    smtp: {
      host: r.smtp_host,
      port: r.smtp_port,
      security: r.smtp_security,
      user: r.smtp_user,
      passwordSealed: r.smtp_password_ciphertext,
    },
    maxMessageBytes: r.max_message_bytes,
    refuseUnauthenticated: r.refuse_unauthenticated,
    active: r.active,
    settingsVersion: r.settings_version,
  };
}

/** Creates a mailbox. */
export async function insertMailbox(db: Knex, m: NewMailbox): Promise<Mailbox> {
  const [row] = await db('mailboxes')
    .insert({
      address: m.address.trim(),
      display_name: m.displayName ?? 'Support',
      team_id: m.teamId,
      default_priority: m.defaultPriority ?? 'normal',
      inbound_kind: m.inboundKind,
      inbound_token: m.inboundToken,
      refuse_unauthenticated: m.refuseUnauthenticated ?? false,
      ...(m.maxMessageBytes ? { max_message_bytes: m.maxMessageBytes } : {}),
      ...(m.imap
        ? {
            imap_host: m.imap.host,
            imap_port: m.imap.port,
            imap_security: m.imap.security,
            imap_user: m.imap.user,
            imap_password_ciphertext: m.imap.passwordSealed,
            imap_password_last4: m.imap.passwordLast4,
            imap_folder: m.imap.folder ?? 'INBOX',
            after_import: m.imap.afterImport ?? 'flag',
            after_import_folder: m.imap.afterImportFolder ?? null,
            poll_interval_seconds: m.imap.pollIntervalSeconds ?? 60,
          }
        : {}),
      ...(m.smtp
        ? {
            outbound_kind: 'smtp',
            smtp_host: m.smtp.host,
            smtp_port: m.smtp.port,
            smtp_security: m.smtp.security,
            smtp_user: m.smtp.user,
            smtp_password_ciphertext: m.smtp.passwordSealed,
          }
        : {}),
    })
    .returning('*');
  return toMailbox(row);
}

/** Finds a mailbox by id. */
export async function findMailboxById(db: Knex, id: number): Promise<Mailbox | null> {
  const row = await db('mailboxes').where({ id }).first();
  return row ? toMailbox(row) : null;
}

/** The active mailbox behind an Inbound Parse URL's token. */
export async function findMailboxByInboundToken(db: Knex, token: string): Promise<Mailbox | null> {
  const row = await db('mailboxes').where({ inbound_token: token, active: true }).first();
  return row ? toMailbox(row) : null;
}

/** Ids of the active IMAP mailboxes: each has a polling workflow. */
export async function listActiveImapMailboxIds(db: Knex): Promise<number[]> {
  return db('mailboxes').where({ inbound_kind: 'imap', active: true }).orderBy('id').pluck('id');
}

/** Every mailbox address, active or not: mail to any of them (or their +tags) is ours. */
export async function listMailboxAddresses(db: Knex): Promise<string[]> {
  return db('mailboxes').orderBy('id').pluck('address');
}

/** The mailbox a ticket's mail goes out through: the one it arrived at, else its team's, else the first active one. */
export async function findMailboxForTicket(db: Knex, ticketId: number): Promise<Mailbox | null> {
  const arrived = await db('mail_imports as i')
    .join('mailboxes as m', 'm.id', 'i.mailbox_id')
    .where('i.ticket_id', ticketId)
    .orderBy('i.id')
    .first('m.*');
  if (arrived) return toMailbox(arrived);
  const team = await db('mailboxes as m')
    .join('tickets as t', 't.team_id', 'm.team_id')
    .where({ 't.id': ticketId, 'm.active': true })
    .orderBy('m.id')
    .first('m.*');
  if (team) return toMailbox(team);
  const any = await db('mailboxes').where({ active: true }).orderBy('id').first();
  return any ? toMailbox(any) : null;
}

/**
 * Starts over on a folder whose UIDVALIDITY changed (the server renumbered it): the cursor goes
 * back to 0 and the import log's Message-IDs keep already imported mail from coming in twice.
 */
export async function resetImapCursor(db: Knex, id: number, uidValidity: string): Promise<void> {
  await db('mailboxes').where({ id }).update({ imap_uid_validity: uidValidity, imap_last_uid: 0 });
}

/** Moves the cursor past `uid` (never backwards), once the message is imported and put away. */
export async function advanceImapCursor(db: Knex, id: number, uidValidity: string, uid: number): Promise<void> {
  await db('mailboxes')
    .where({ id, imap_uid_validity: uidValidity })
    .update({ imap_last_uid: db.raw('greatest(imap_last_uid, ?)', [uid]) });
}

/** Records the outcome of a poll for the back office: when, and what went wrong if anything. */
export async function recordMailboxPoll(db: Knex, id: number, error: string | null): Promise<void> {
  await db('mailboxes')
    .where({ id })
    .update({ last_polled_at: db.fn.now(), last_error: error ? error.slice(0, 1000) : null });
}

/** Finds a mailbox by its address (case-insensitive). */
export async function findMailboxByAddress(db: Knex, address: string): Promise<Mailbox | null> {
  const row = await db('mailboxes').whereRaw('lower(address) = lower(?)', [address.trim()]).first();
  return row ? toMailbox(row) : null;
}
