import { fileURLToPath } from 'node:url';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type ActivityInterceptorsFactory,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, type ActivityDependencies } from './activities/index.js';
import { ticketTaskQueue } from './task-queue.js';

// Under tsx this module is worker.ts and bundles the TypeScript source; compiled (dist/, production)
// it is worker.js and bundles the emitted JavaScript beside it.
const moduleExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** The module holding every workflow the ticket worker runs. */
export const workflowsPath = fileURLToPath(new URL(`./ticket-worker.workflow.${moduleExtension}`, import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process (webpack, about a second) and reuses it. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { debug() {}, info() {}, warn() {}, error() {}, log() {}, trace() {} },
  });
  return bundle;
}

/** Everything a ticket worker needs. */
export interface TicketWorkerOptions {
  address: string;
  namespace: string;
  activities: ActivityDependencies;
  taskQueue?: string;
  logger?: Logger;
  /** Open workflows kept in memory (WORKER_MAX_CACHED_WORKFLOWS); evicted ones replay when woken. The SDK's default otherwise. */
  maxCachedWorkflows?: number;
  /** Wrap every activity, local ones included: tests use it to crash the worker right after a write commits. */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** Creates (but does not run) a worker for the ticket task queue. */
export async function createTicketWorker(
  options: TicketWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue ?? ticketTaskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities(options.activities),
      ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
      ...(options.activityInterceptors ? { interceptors: { activity: options.activityInterceptors } } : {}),
      // On shutdown, in-flight activities get this long to finish before they are cancelled (and
      // retried by Temporal on another worker); compose's stop_grace_period leaves room for it.
      shutdownGraceTime: '20 seconds',
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
