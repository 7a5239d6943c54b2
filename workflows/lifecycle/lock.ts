import { condition } from '@temporalio/workflow';

/**
 * Serialises handlers and the timer loop: each may await activities, and a change must see the
 * state the previous one left, never a half-applied one.
 */
export function createLock() {
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
