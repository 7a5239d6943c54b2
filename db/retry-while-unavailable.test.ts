import { describe, expect, it } from 'vitest';
import { retryWhileDatabaseUnavailable } from './retry-while-unavailable.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retryWhileDatabaseUnavailable', () => {
  it('writes once the database answers again', async () => {
    let calls = 0;
    const result = await retryWhileDatabaseUnavailable(
      async () => {
        if (++calls < 3) throw refused();
        return 'written';
      },
      { forMs: 5000, firstDelayMs: 5 },
    );
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after its time with the database error', async () => {
    let calls = 0;
    await expect(
      retryWhileDatabaseUnavailable(
        async () => {
          calls++;
          throw refused();
        },
        { forMs: 50, firstDelayMs: 10, maxDelayMs: 10 },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBeGreaterThan(1);
  });

  it('does not retry a write the database refused for its content', async () => {
    let calls = 0;
    await expect(
      retryWhileDatabaseUnavailable(
        async () => {
          calls++;
          throw Object.assign(new Error('duplicate key value'), { code: '23505' });
        },
        { forMs: 5000, firstDelayMs: 5 },
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(calls).toBe(1);
  });
});
