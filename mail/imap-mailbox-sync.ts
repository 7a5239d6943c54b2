import type { ImapFlow } from 'imapflow';
import type { Db } from '../db/connection.js';
import {
  advanceImapCursor,
  findMailboxById,
  recordMailboxPoll,
  resetImapCursor,
  type Mailbox,
} from '../db/mailboxes.js';
import { connectImap, describeImapFailure, type ImapSettings } from './imap-connection.js';
import { importMail, refuseOversizedMail, type MailImportDependencies } from './import-mail.js';

/** The keyword set on imported messages (flag mode), so people using the mailbox see what was taken in. */
export const importedKeyword = '$TicketFlowImported';
/** The keyword set on messages that were refused (never deleted or moved: an admin may want them). */
export const refusedKeyword = '$TicketFlowRefused';

/** What a poll found. */
export interface MailboxPoll {
  active: boolean;
  pollIntervalSeconds: number;
  uidValidity: string | null;
  uids: number[];
  error: string | null;
}

/** Fetches and imports a mailbox's mail: the work behind the polling workflow's activities. */
export interface ImapMailboxSync {
  listNew(mailboxId: number, limit: number): Promise<MailboxPoll>;
  importOne(mailboxId: number, uid: number, uidValidity: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Lists UIDs past the durable cursor (resetting it when UIDVALIDITY changed), and imports one
 * message at a time: import (idempotent) → put away (flag/move/delete, safe to repeat) → move the
 * cursor. A worker killed anywhere in between repeats the message, and the import log turns the
 * repeat into a no-op. Connections are kept per mailbox between activities and dropped on error.
 */
export function createImapMailboxSync(deps: {
  db: Db;
  imap: ImapSettings;
  importer: MailImportDependencies;
}): ImapMailboxSync {
  const { db } = deps;
  const open = new Map<number, { client: ImapFlow; version: number; busy: Promise<unknown> }>();

  async function withClient<T>(mailbox: Mailbox, run: (client: ImapFlow) => Promise<T>): Promise<T> {
    let entry = open.get(mailbox.id);
    if (entry && (entry.version !== mailbox.settingsVersion || !entry.client.usable)) {
      open.delete(mailbox.id);
      await entry.client.logout().catch(() => entry!.client.close());
      entry = undefined;
    }
    if (!entry) {
      entry = {
        client: await connectImap(mailbox, deps.imap),
        version: mailbox.settingsVersion,
        busy: Promise.resolve(),
      };
      open.set(mailbox.id, entry);
    }
    const current = entry;
    const result = current.busy.then(async () => {
      try {
        return await run(current.client);
      } catch (error) {
        open.delete(mailbox.id);
        current.client.close();
        throw error;
      }
    });
    current.busy = result.catch(() => undefined);
    return result;
  }

  return {
    async listNew(mailboxId, limit) {
      const mailbox = await findMailboxById(db, mailboxId);
      if (!mailbox || !mailbox.active || mailbox.inboundKind !== 'imap')
        return { active: false, pollIntervalSeconds: 60, uidValidity: null, uids: [], error: null };
      try {
        const found = await withClient(mailbox, async (client) => {
          const opened = await client.mailboxOpen(mailbox.imap.folder);
          const uidValidity = String(opened.uidValidity);
          let after = mailbox.imap.lastUid;
          if (mailbox.imap.uidValidity !== uidValidity) {
            await resetImapCursor(db, mailbox.id, uidValidity);
            after = 0;
          }
          const uids = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || [])
            .filter((u) => u > after)
            .sort((a, b) => a - b);
          return { uidValidity, uids: uids.slice(0, limit) };
        });
        await recordMailboxPoll(db, mailbox.id, null);
        return { active: true, pollIntervalSeconds: mailbox.imap.pollIntervalSeconds, ...found, error: null };
      } catch (error) {
        const reason = describeImapFailure(error);
        await recordMailboxPoll(db, mailbox.id, reason);
        return {
          active: true,
          pollIntervalSeconds: mailbox.imap.pollIntervalSeconds,
          uidValidity: null,
          uids: [],
          error: reason,
        };
      }
    },
    async importOne(mailboxId, uid, uidValidity) {
      const mailbox = await findMailboxById(db, mailboxId);
      if (!mailbox || !mailbox.active) return 'mailbox inactive';
      return withClient(mailbox, async (client) => {
        const opened = await client.mailboxOpen(mailbox.imap.folder);
        if (String(opened.uidValidity) !== uidValidity) return 'UIDVALIDITY changed; the next poll starts over';
        const meta = await client.fetchOne(String(uid), { size: true, flags: true, envelope: true }, { uid: true });
        if (!meta) {
          // Gone: moved or deleted after an earlier import, before the cursor moved. Nothing to repeat.
          await advanceImapCursor(db, mailbox.id, uidValidity, uid);
          return 'already put away';
        }
        let outcome: string;
        if (meta.flags?.has(importedKeyword) || meta.flags?.has(refusedKeyword)) outcome = 'already imported';
        else {
          const size = meta.size ?? 0;
          const result =
            size > mailbox.maxMessageBytes
              ? await refuseOversizedMail(deps.importer, mailbox, {
                  via: 'imap',
                  imapUid: uid,
                  sizeBytes: size,
                  messageId: meta.envelope?.messageId ?? null,
                })
              : await importMail(deps.importer, mailbox, {
                  raw:
                    ((await client.fetchOne(String(uid), { source: true }, { uid: true })) || undefined)?.source ??
                    Buffer.alloc(0),
                  via: 'imap',
                  imapUid: uid,
                });
          outcome = result.outcome;
          if (result.outcome === 'refused') {
            await client.messageFlagsAdd(String(uid), [refusedKeyword], { uid: true });
            await advanceImapCursor(db, mailbox.id, uidValidity, uid);
            return outcome;
          }
        }
        if (mailbox.imap.afterImport === 'delete') await client.messageDelete(String(uid), { uid: true });
        else if (mailbox.imap.afterImport === 'move' && mailbox.imap.afterImportFolder)
          await client.messageMove(String(uid), mailbox.imap.afterImportFolder, { uid: true });
        else await client.messageFlagsAdd(String(uid), ['\\Seen', importedKeyword], { uid: true });
        await advanceImapCursor(db, mailbox.id, uidValidity, uid);
        return outcome;
      });
    },
    async close() {
      for (const entry of open.values()) await entry.client.logout().catch(() => entry.client.close());
      open.clear();
    },
  };
}
