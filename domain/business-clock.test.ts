import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, type TimeRange } from './business-calendar.js';
import { businessCalendarSchema } from './business-calendar-schema.js';
import { businessSecondsBetween } from './business-time.js';
import { clockReading, dailyBusinessClock } from './business-clock.js';

const day = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const range = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 600 }))
  .map(([start, length]): TimeRange => {
    const end = Math.min(1440, start + length);
    return [`${pad(Math.floor(start / 60))}:${pad(start % 60)}`, `${pad(Math.floor(end / 60))}:${pad(end % 60)}`];
  });
const calendars: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'),
    weeklyHours: fc.dictionary(
      fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
      fc.array(range, { minLength: 1, maxLength: 2 }),
      { minKeys: 1 },
    ),
    holidays: fc
      .uniqueArray(fc.integer({ min: 20_454, max: 20_820 }), { maxLength: 5 })
      .map((days) => days.map((d) => ({ date: new Date(d * 86_400_000).toISOString().slice(0, 10) }))),
  })
  .map((c) => ({
    ...c,
    // Ranges of a day sorted and merged where they overlap, as the back office requires.
    weeklyHours: Object.fromEntries(
      Object.entries(c.weeklyHours).map(([day, ranges]) => {
        const sorted = [...ranges].sort((a, b) => a[0].localeCompare(b[0]));
        return [
          day,
          sorted[1] && sorted[1][0] < sorted[0]![1]
            ? [[sorted[0]![0], sorted[1][1] > sorted[0]![1] ? sorted[1][1] : sorted[0]![1]]]
            : sorted,
        ];
      }),
    ),
  }))
  .filter((c) => businessCalendarSchema.safeParse(c).success)
  .map((c) => businessCalendarSchema.parse(c));

describe('dailyBusinessClock', () => {
  it('reads the same business time as businessSecondsBetween between any two instants it covers', () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2026, 11, 31);
    const instant = fc.integer({ min: from, max: to });
    fc.assert(
      fc.property(
        calendars,
        fc.array(fc.tuple(instant, instant), { minLength: 1, maxLength: 10 }),
        (calendar, pairs) => {
          const clock = new Map(dailyBusinessClock(calendar, from, to).map((d) => [d.b, d]));
          const read = (ms: number) => clockReading(clock.get(Math.floor(ms / day))!, ms / 1000);
          for (const [a, b] of pairs) {
            const [early, late] = a <= b ? [a, b] : [b, a];
            const expected = businessSecondsBetween(calendar, new Date(early), new Date(late));
            expect(Math.abs(read(late) - read(early) - expected)).toBeLessThanOrEqual(0.001);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('marks open, closed and partly open days (lunch break, a local day across UTC midnight, weekend)', () => {
    const office = businessCalendarSchema.parse({
      timezone: 'Europe/Berlin',
      weeklyHours: {
        mon: [
          ['09:00', '12:30'],
          ['13:30', '17:00'],
        ],
        tue: [['00:00', '24:00']],
      },
      holidays: [],
    });
    // Monday 2026-03-02 to Wednesday: Monday's two pieces (08:00–11:30 and 12:30–16:00 UTC); all of
    // Tuesday in Berlin is 23:00 Monday to 23:00 Tuesday UTC; nothing on Wednesday.
    const days = dailyBusinessClock(office, Date.UTC(2026, 2, 2), Date.UTC(2026, 2, 4));
    expect(days.map((d) => [d.kind, d.base, d.s, d.e])).toEqual([
      ['p', 0, [28_800, 45_000, 82_800], [41_400, 57_600, 86_400]],
      ['p', 7 * 3600 + 3600, [0], [82_800]],
      ['c', 7 * 3600 + 3600 + 82_800, null, null],
    ]);
  });
});
