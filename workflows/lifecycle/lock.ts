import { condition } from '@temporalio/workflow';

/** Runs handler bodies and the timer loop one at a time. */
export type Serializer = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Serialises handlers and the timer loop: each may await activities, and a change must see the
 * state the previous one left, never a half-applied one. First come, first served: each piece of
 * work starts after the one queued before it settles, so the start-up queued before any handler
 * is registered always runs first. (Promise chaining is deterministic inside the workflow sandbox.)
 */
export function createQueue(): Serializer {
  let tail: Promise<unknown> = Promise.resolve();
  return function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The lock of workflows started before `createQueue`: waiters are woken together by one condition
 * check, so two could enter at once. Kept unchanged so their histories replay.
 */
export function createLock(): Serializer {
  let held = false;
  return async function withLock<T>(work: () => Promise<T>): Promise<T> {
    await condition(() => !held);
    held = true;
    try {
      return await work();
    } finally {
      held = false;
    }
  };
}
