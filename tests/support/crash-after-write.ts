import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * Names an activity execution by what it writes: `persistTicketChange:<event type>`,
 * `deliverNotifications:<template>`, or the activity type alone.
 */
export function writeStepOf(activityType: string, args: unknown[]): string {
  const input = (args[0] ?? {}) as { event?: { type?: string }; template?: string };
  if (activityType === 'persistTicketChange' && input.event?.type) return `${activityType}:${input.event.type}`;
  if (activityType === 'deliverNotifications' && input.template) return `${activityType}:${input.template}`;
  return activityType;
}

/** The steps already crashed at, kept in a file so each one crashes a worker once across restarts. */
export function crashedSteps(ledger: string): string[] {
  return existsSync(ledger) ? (JSON.parse(readFileSync(ledger, 'utf8')) as string[]) : [];
}

/**
 * A fault hook for tests only: kills this worker process with SIGKILL right after the activity of
 * one of `steps` has done its work (its write committed) and before Temporal hears it completed,
 * the worst moment for exactly-once. Each step crashes once; `ledger` remembers which did.
 */
export function crashAfterWrite(steps: readonly string[], ledger: string): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const result = await next(input);
        const step = writeStepOf(ctx.info.activityType, input.args as unknown[]);
        const done = crashedSteps(ledger);
        if (steps.includes(step) && !done.includes(step)) {
          writeFileSync(ledger, JSON.stringify([...done, step]));
          process.kill(process.pid, 'SIGKILL');
          await new Promise(() => undefined); // never answers: the process is gone
        }
        return result;
      },
    },
  });
}
