import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { businessCalendarSchema } from '../../domain/business-calendar-schema.js';
import { dailyBusinessClock } from '../../domain/business-clock.js';
import { businessSecondsBetween } from '../../domain/business-time.js';
import { createDb, type Db } from '../connection.js';
import { clockCte, clockJsonOf, clockReadingSql, joinClock } from './business-clock-sql.js';

// The reports measure business time in SQL by reading the domain's daily business clock; here
// PostgreSQL's readings are held to businessSecondsBetween on calendars with lunch breaks, days
// crossing UTC midnight, DST changes, holidays and many short ranges a day.

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'), { poolMax: 1 });
});
afterAll(() => db?.destroy());

const calendars = [
  {
    timezone: 'Europe/Berlin',
    weeklyHours: {
      mon: [
        ['09:00', '12:30'],
        ['13:30', '17:00'],
      ],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '15:00']],
    },
    holidays: [{ date: '2026-12-25' }, { date: '2026-03-30' }],
  },
  { timezone: 'Australia/Sydney', weeklyHours: { mon: [['08:00', '18:00']], sat: [['00:00', '24:00']] }, holidays: [] },
  {
    timezone: 'America/New_York',
    weeklyHours: {
      wed: ['08', '09', '10', '11', '12', '13'].map((h) => [`${h}:00`, `${h}:20`]),
    },
    holidays: [],
  },
].map((c) => businessCalendarSchema.parse(c));

describe('business time read from the daily clock in SQL', () => {
  it('equals businessSecondsBetween for any two instants', async () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2026, 11, 31);
    const clock = clockJsonOf(
      calendars.map((calendar, i) => ({ id: i, days: dailyBusinessClock(calendar, from, to) })),
    );
    const pairs = fc.sample(
      fc.tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: from, max: to }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
      ),
      { numRuns: 300, seed: 7 },
    );
    const { rows } = await db.raw(
      `with ${clockCte}, p as (
         select * from unnest(:cal::int[], :a::float8[], :b::float8[]) with ordinality as p(cal, a, b, n)
       )
       select p.n, ${clockReadingSql('cb', 'p.b')} - ${clockReadingSql('ca', 'p.a')} as seconds
       from p ${joinClock('ca', 'p.cal', 'p.a')} ${joinClock('cb', 'p.cal', 'p.b')}
       order by p.n`,
      {
        clock,
        cal: pairs.map(([c]) => c),
        a: pairs.map(([, a]) => a / 1000),
        b: pairs.map(([, a, length]) => Math.min(to, a + length) / 1000),
      },
    );
    pairs.forEach(([c, a, length], i) => {
      const expected = businessSecondsBetween(calendars[c]!, new Date(a), new Date(Math.min(to, a + length)));
      expect(Math.abs(rows[i].seconds - expected), `pair ${i}`).toBeLessThanOrEqual(0.01);
    });
  });
});
