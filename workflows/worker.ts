import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, type ActivityDependencies } from './activities/index.js';
import { ticketTaskQueue } from './task-queue.js';

/** The module holding every workflow the ticket worker runs. */
export const workflowsPath = fileURLToPath(new URL('./ticket-lifecycle.workflow.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process (webpack, about a second) and reuses it. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: { debug() {}, info() {}, warn() {}, error() {}, log() {}, trace() {} } });
  return bundle;
}

/** Everything a ticket worker needs. */
export interface TicketWorkerOptions {
  address: string;
  namespace: string;
  activities: ActivityDependencies;
  taskQueue?: string;
  logger?: Logger;
}

/** Creates (but does not run) a worker for the ticket task queue. */
export async function createTicketWorker(options: TicketWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue ?? ticketTaskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities(options.activities),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
