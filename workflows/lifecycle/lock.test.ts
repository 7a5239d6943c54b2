import { describe, expect, it } from 'vitest';
import { createQueue } from './lock.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('createQueue', () => {
  it('runs work one at a time, first come first served, even when a piece fails', async () => {
    const serialized = createQueue();
    const log: string[] = [];
    let running = 0;
    const piece = (name: string, fail = false) =>
      serialized(async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        running -= 1;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    // The start-up is queued first; handlers queued in the same turn wait for it.
    const startUp = piece('start-up');
    const reply = piece('reply', true);
    const update = piece('update');
    await expect(startUp).resolves.toBe('start-up');
    await expect(reply).rejects.toThrow('reply failed');
    await expect(update).resolves.toBe('update');
    expect(log).toEqual(['start-up start', 'start-up end', 'reply start', 'reply end', 'update start', 'update end']);
  });
});
