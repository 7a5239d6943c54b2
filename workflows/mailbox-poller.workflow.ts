import {
  condition,
  continueAsNew,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { MailboxActivities } from './activities/mailbox-polling.js';

/** What a mailbox's polling workflow starts from. */
export interface MailboxPollerInput {
  mailboxId: number;
}

/** The mailbox was edited or (de)activated: poll now with the new settings, or stop. */
export const mailboxChangedSignal = defineSignal<[]>('mailboxChanged');

const { listMailboxMessages } = proxyActivities<MailboxActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});
const { importMailboxMessage } = proxyActivities<MailboxActivities>({
  // A 25 MB message over a slow link, plus its attachments written to the store.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Workflows with this marker poll again when a change arrived during a poll that found the mailbox inactive. */
export const pollAfterLateChangePatch = 'poll-after-late-change';

/**
 * One workflow per IMAP mailbox, id `mailbox-<id>`: polls on the mailbox's interval (a signal
 * wakes it early), hands each new message to the idempotent import activity, and ends when the
 * mailbox is deactivated. The cursor lives in PostgreSQL, so the history holds only UIDs.
 */
export async function mailboxPoller(input: MailboxPollerInput): Promise<string> {
  let changed = false;
  setHandler(mailboxChangedSignal, () => void (changed = true));
  for (;;) {
    changed = false;
    const poll = await listMailboxMessages(input.mailboxId);
    if (!poll.active) {
      // Reactivated while that poll ran (the signal came after the activity read "inactive"): poll
      // again rather than end with the signal unanswered, which would leave an active mailbox unread.
      if (changed && patched(pollAfterLateChangePatch)) continue;
      return 'mailbox deactivated';
    }
    for (const uid of poll.uids) await importMailboxMessage(input.mailboxId, uid, poll.uidValidity!);
    // A full batch means more is waiting: go on at once. Otherwise sleep until the next poll.
    if (poll.uids.length < poll.batchSize) await condition(() => changed, poll.pollIntervalSeconds * 1000);
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 5000)
      await continueAsNew<typeof mailboxPoller>(input);
  }
}
