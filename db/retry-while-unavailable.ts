import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable } from './connection-errors.js';

/**
 * Runs `write` again while PostgreSQL cannot be reached (down, restarting), for up to `forMs`, and
 * rethrows any other error at once. For the one write that must follow a side effect we cannot take
 * back (the mail provider accepted an e-mail): failing it would make the retry repeat the effect.
 */
export async function retryWhileDatabaseUnavailable<T>(
  write: () => Promise<T>,
  { forMs, firstDelayMs = 200, maxDelayMs = 2000 }: { forMs: number; firstDelayMs?: number; maxDelayMs?: number },
): Promise<T> {
  const giveUpAt = Date.now() + forMs;
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > giveUpAt) throw error;
      await sleep(delay);
    }
  }
}
