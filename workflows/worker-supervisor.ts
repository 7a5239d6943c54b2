import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { isTemporalUnavailable } from './client.js';

/** How to make a worker and when to stop for good. */
export interface WorkerSupervisorOptions {
  /** Connects to Temporal and creates a worker (not yet running). */
  create(): Promise<{ worker: Worker; connection: NativeConnection }>;
  logger: Logger;
  /** Aborted on SIGTERM/SIGINT: the running worker shuts down through `Worker.shutdown()`. */
  signal: AbortSignal;
  /** Longest wait between two attempts; the first retry comes after a second. */
  maxBackoffMs?: number;
}

// The Rust core reports a lost frontend as a TransportError, or as gRPC UNAVAILABLE / a "transport
// error" on a poll that ran out of retries: those are worth waiting out, anything else is a bug.
function isConnectionFailure(error: unknown): boolean {
  if (isTemporalUnavailable(error)) return true;
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TransportError') return true;
  return (
    typeof message === 'string' && /transport error|tcp connect error|Connection refused|Unavailable/i.test(message)
  );
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Runs the ticket worker until `signal` aborts. When Temporal cannot be reached (at start, or the
 * worker gives up polling after the frontend went away), it waits and starts a fresh worker instead
 * of letting the process die; any other failure is rethrown so the process exits and is restarted.
 */
export async function superviseWorker(options: WorkerSupervisorOptions): Promise<void> {
  const { logger, signal } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 15_000;
  let backoffMs = 1000;
  while (!signal.aborted) {
    let created: { worker: Worker; connection: NativeConnection } | undefined;
    try {
      created = await options.create();
      const { worker } = created;
      // Shutdown lets in-flight activities finish (up to the worker's grace time); their workflow tasks
      // and any activity cut short are retried by Temporal on another worker.
      const stop = () => worker.shutdown();
      signal.addEventListener('abort', stop, { once: true });
      if (signal.aborted) stop();
      backoffMs = 1000;
      logger.info('worker polling the task queue');
      try {
        await worker.run();
      } finally {
        signal.removeEventListener('abort', stop);
      }
      if (signal.aborted) return;
      logger.warn('worker stopped on its own; starting a new one');
    } catch (error) {
      if (signal.aborted) return;
      if (!isConnectionFailure(error)) throw error;
      logger.warn({ err: error }, `Temporal is unreachable; trying again in ${backoffMs / 1000} s`);
    } finally {
      await created?.connection.close().catch(() => undefined);
    }
    await sleep(backoffMs, signal);
    backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
  }
}
