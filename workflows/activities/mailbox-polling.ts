import { Context } from '@temporalio/activity';
import type { ImapMailboxSync } from '../../mail/imap-mailbox-sync.js';

const batchSize = 100;

// Heartbeats let Temporal notice a dead worker within the heartbeat timeout and retry the
// message elsewhere, instead of waiting out the whole start-to-close timeout of a big download.
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), 2000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The polling workflow's activities over the mail channel's IMAP sync. */
export function createMailboxActivities(sync: ImapMailboxSync) {
  return {
    /** Lists new UIDs (empty with the error recorded on the mailbox when the server is unreachable). */
    async listMailboxMessages(mailboxId: number) {
      return heartbeating(async () => ({ ...(await sync.listNew(mailboxId, batchSize)), batchSize }));
    },
    /** Imports one message, puts it away and moves the cursor; safe to repeat. */
    async importMailboxMessage(mailboxId: number, uid: number, uidValidity: string) {
      return heartbeating(() => sync.importOne(mailboxId, uid, uidValidity));
    },
  };
}

/** The activity interface the polling workflow proxies. */
export type MailboxActivities = ReturnType<typeof createMailboxActivities>;
