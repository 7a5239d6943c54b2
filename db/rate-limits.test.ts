import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb } from './connection.js';
import { hitRateLimit } from './rate-limits.js';

// The real PostgreSQL function, driven with explicit times so window boundaries can be aimed at.
const db = createDb(inject('databaseUrl'), { poolMax: 5 });
afterAll(() => db.destroy());

const base = Date.UTC(2026, 10, 30, 12, 0, 0); // a whole minute: where a fixed window would restart
const at = (seconds: number) => new Date(base + seconds * 1000);
const key = () => `test:${randomUUID()}`;

describe('sliding-window rate limits', () => {
  it('do not start afresh at a window boundary: the limit holds across it', async () => {
    const k = key();
    // Five requests in the last second before the minute turns…
    for (const s of [-0.9, -0.7, -0.5, -0.3, -0.1])
      expect((await hitRateLimit(db, k, 5, 60, at(s))).allowed, `at ${s}`).toBe(true);
    // …and none right after it, where a fixed window would allow five more (ten in one second).
    for (const s of [0.1, 0.5, 1, 30, 59])
      expect((await hitRateLimit(db, k, 5, 60, at(s))).allowed, `at ${s}`).toBe(false);
    // One becomes free when the oldest is 60 s old, and it says so.
    const refused = await hitRateLimit(db, k, 5, 60, at(59.05));
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await hitRateLimit(db, k, 5, 60, at(59.15))).allowed).toBe(true);
    expect((await hitRateLimit(db, k, 5, 60, at(59.2))).allowed).toBe(false);
  });

  it('say exactly when the next request fits', async () => {
    const k = key();
    for (const s of [0, 10, 20]) await hitRateLimit(db, k, 3, 100, at(s));
    expect(await hitRateLimit(db, k, 3, 100, at(30))).toEqual({ allowed: false, retryAfterSeconds: 70 });
    expect(await hitRateLimit(db, k, 3, 100, at(99))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await hitRateLimit(db, k, 3, 100, at(100.5))).allowed).toBe(true);
  });

  it('never allow more than the limit in any window, and always allow when there is room', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 25 }),
        async (limit, windowSeconds, gapsInTenths) => {
          const k = key();
          const allowed: number[] = [];
          let t = 0;
          for (const gap of gapsInTenths) {
            t += gap / 10;
            const inWindow = allowed.filter((a) => a > t - windowSeconds).length;
            const decision = await hitRateLimit(db, k, limit, windowSeconds, at(t));
            // Exactly the sliding-window rule: room means allowed, no room means refused.
            expect(decision.allowed).toBe(inWindow < limit);
            if (decision.allowed) allowed.push(t);
          }
          for (const start of allowed)
            expect(allowed.filter((a) => a >= start && a < start + windowSeconds).length).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('count each request once when replicas race for the same key', async () => {
    const k = key();
    const decisions = await Promise.all(
      // Five connections at once, as replicas would: the row lock makes each call see the others'.
      Array.from({ length: 20 }, () => hitRateLimit(db, k, 7, 60, at(1))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
  });
});
