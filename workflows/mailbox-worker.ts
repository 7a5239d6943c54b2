import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ImapMailboxSync } from '../mail/imap-mailbox-sync.js';
import { createMailboxActivities } from './activities/mailbox-polling.js';
import { mailboxTaskQueue } from './mailbox-client.js';

// Under tsx this is the TypeScript source; compiled (dist/, production) the emitted JavaScript beside it.
const moduleExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const workflowsPath = fileURLToPath(new URL(`./mailbox-poller.workflow.${moduleExtension}`, import.meta.url));
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * A worker for the mailbox polling workflows, on their own task queue so a slow IMAP server
 * never delays ticket workflows. Runs in the worker process beside the ticket worker.
 */
export async function createMailboxWorker(options: {
  address: string;
  namespace: string;
  sync: ImapMailboxSync;
  taskQueue?: string;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { debug() {}, info() {}, warn() {}, error() {}, log() {}, trace() {} },
  });
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue ?? mailboxTaskQueue,
      workflowBundle: await bundle,
      activities: createMailboxActivities(options.sync),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
