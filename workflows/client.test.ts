import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../dev/ports.js';
import { connectTemporal, createTicketWorkflows, isTemporalUnavailable, TemporalDidNotAnswer } from './client.js';

// A port nobody listens on is Temporal being down: every attempt fails at once with UNAVAILABLE and
// the SDK's gRPC retry interceptor schedules the next one on a timer.
const reply = {
  messageId: 1,
  authorId: 1,
  byStaff: true,
  internal: false,
  at: new Date(0).toISOString(),
  source: 'api',
} as const;

const uncaught: Error[] = [];
const collect = (error: Error) => void uncaught.push(error);
afterEach(() => {
  process.off('uncaughtException', collect);
  uncaught.length = 0;
});

describe('the ticket workflow door while Temporal does not answer', () => {
  it('closes only after calls it stopped waiting for have settled, so no retry fires on a closed channel', async () => {
    process.on('uncaughtException', collect);
    const client = await connectTemporal({
      address: `127.0.0.1:${await findFreePort()}`,
      namespace: 'default',
      lazy: true,
    });
    const door = createTicketWorkflows(client, { requestTimeoutMs: 300 });

    // The request gives up after its 300 ms (or its deadline answers first, on a busy machine); the
    // call's next retry may still be pending on a timer.
    const error = await door.messageAdded(1, reply).catch((e: unknown) => e);
    expect(isTemporalUnavailable(error), String(error)).toBe(true);
    await door.close();
    // Closing the connection right here (before the fix) made that retry throw "Channel has been
    // shut down" from its timer. Give any pending retry time to fire: the deadline plus the backoff.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(uncaught.map((e) => e.message)).toEqual([]);

    // A closed door refuses new calls with a clear error instead of touching the closed channel.
    await expect(door.messageAdded(1, reply)).rejects.toBeInstanceOf(TemporalDidNotAnswer);
    expect(await door.isReachable()).toBe(false);
  });
});
