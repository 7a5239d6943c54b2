import type { Client } from '@temporalio/client';
import { mailboxChangedSignal, type mailboxPoller } from './mailbox-poller.workflow.js';

/** The task queue of the mailbox polling workflows. */
export const mailboxTaskQueue = 'mailboxes';

/** The workflow id of a mailbox's poller. */
export const mailboxWorkflowId = (mailboxId: number) => `mailbox-${mailboxId}`;

/** Starts, wakes and stops mailbox pollers. */
export interface MailboxWorkflows {
  /** Starts the poller if it is not running and tells it the mailbox changed (poll now, or stop if deactivated). */
  mailboxChanged(mailboxId: number): Promise<void>;
  /** Starts the poller unless it runs already (no signal): the worker's periodic reconciliation. */
  ensureRunning(mailboxId: number): Promise<void>;
}

/** The mailbox poller door over a Temporal client (the back office, the CLI, the worker's reconciler). */
export function createMailboxWorkflows(client: Client, options: { taskQueue?: string } = {}): MailboxWorkflows {
  return {
    async mailboxChanged(mailboxId) {
      await client.workflow.signalWithStart<typeof mailboxPoller, []>('mailboxPoller', {
        workflowId: mailboxWorkflowId(mailboxId),
        taskQueue: options.taskQueue ?? mailboxTaskQueue,
        args: [{ mailboxId }],
        signal: mailboxChangedSignal,
        signalArgs: [],
        memo: { mailboxId },
      });
    },
    async ensureRunning(mailboxId) {
      await client.workflow.start<typeof mailboxPoller>('mailboxPoller', {
        workflowId: mailboxWorkflowId(mailboxId),
        taskQueue: options.taskQueue ?? mailboxTaskQueue,
        args: [{ mailboxId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        memo: { mailboxId },
      });
    },
  };
}
